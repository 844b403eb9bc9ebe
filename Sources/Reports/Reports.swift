// Spanish report reading (issue 4).
