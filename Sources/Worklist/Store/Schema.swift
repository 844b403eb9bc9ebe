import GRDB

/// The database schema, as an ordered list of migrations. Never edit a shipped migration: add one.
enum Schema {
  static var migrator: DatabaseMigrator {
    var m = DatabaseMigrator()
    m.registerMigration("v1-exams-reports-models-predictions") { db in
      try db.execute(sql: v1)
    }
    m.registerMigration("v2-report-reader-scope") { db in
      try db.execute(sql: v2ReportReaderScope)
    }
    m.registerMigration("v2-node-instances-queues-outbox") { db in
      try db.execute(sql: v2Node)
    }
    m.registerMigration("v3-worklist-order-index") { db in
      try db.execute(sql: v3WorklistOrder)
    }
    m.registerMigration("v4-users-sessions") { db in
      try db.execute(sql: v4UsersSessions)
    }
    m.registerMigration("v4-prior-comparison") { db in
      try db.execute(sql: v4PriorComparison)
    }
    m.registerMigration("v5-uncertain") { db in
      try db.execute(sql: v5Uncertain)
    }
    return m
  }

  /// The reading radiologist, normalised, on each report (from the source's own field, else the
  /// signature block), for QA per reader; and what the report reader now tells apart: the prior
  /// exam's density, the notation (4th-edition numerals and percentages), the language.
  private static let v2ReportReaderScope = """
    ALTER TABLE report ADD COLUMN reader TEXT;
    CREATE INDEX report_reader ON report(reader);
    ALTER TABLE extraction ADD COLUMN prior_density TEXT;
    ALTER TABLE extraction ADD COLUMN notation TEXT;
    ALTER TABLE extraction ADD COLUMN language TEXT;
    ALTER TABLE extraction ADD COLUMN reader TEXT;
    """

  /// The worklist's default order (unread first, newest study first) read from an index, so its
  /// first page costs the same over 10,000 exams as over 10.
  private static let v3WorklistOrder = """
    CREATE INDEX exam_read_state_study_date ON exam(read_state, study_date);
    """

  /// The web interface's accounts (bcrypt hashes only) and login sessions. A session is stored
  /// under the SHA-256 of its cookie value, so reading the database does not give a session
  /// away; ids are never reused (AUTOINCREMENT), so a session of a removed account cannot come
  /// back to life with a new account of the same name.
  private static let v4UsersSessions = """
    CREATE TABLE user_account (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      name TEXT NOT NULL UNIQUE COLLATE NOCASE,
      password_hash TEXT NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('radiologist', 'qa', 'admin')),
      created_at TEXT NOT NULL
    );

    CREATE TABLE web_session (
      key_sha256 TEXT PRIMARY KEY,
      value BLOB NOT NULL,
      expires_at REAL
    );
    CREATE INDEX web_session_expires ON web_session(expires_at);
    """

  /// Each result's comparison with the patient's previous exam (`PriorComparison`): the prior's
  /// density, where it comes from, and whether this exam crosses the dense line since then.
  private static let v4PriorComparison = """
    ALTER TABLE exam_result ADD COLUMN prior_composition TEXT;
    ALTER TABLE exam_result ADD COLUMN prior_source TEXT;
    ALTER TABLE exam_result ADD COLUMN prior_study_date TEXT;
    ALTER TABLE exam_result ADD COLUMN prior_accession TEXT;
    ALTER TABLE exam_result ADD COLUMN crosses_dense_since_prior INTEGER;
    CREATE INDEX exam_patient_study_date ON exam(patient_id, study_date);
    """

  /// Whether each result's exam density is uncertain (`ExamUncertainty`) and why, so the QA views
  /// can put those exams first. Results stored before it existed read as not uncertain.
  private static let v5Uncertain = """
    ALTER TABLE exam_result ADD COLUMN uncertain INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE exam_result ADD COLUMN uncertain_reasons TEXT;
    """

  private static let v1 = """
    CREATE TABLE exam (
      id INTEGER PRIMARY KEY,
      study_instance_uid TEXT NOT NULL UNIQUE,
      accession TEXT,
      patient_id TEXT NOT NULL,
      study_date TEXT,
      status TEXT NOT NULL CHECK (status IN ('complete', 'incomplete')),
      problems TEXT NOT NULL DEFAULT '',
      read_state TEXT NOT NULL DEFAULT 'unread' CHECK (read_state IN ('unread', 'read')),
      first_seen TEXT NOT NULL
    );
    CREATE INDEX exam_study_date ON exam(study_date);

    CREATE TABLE image (
      id INTEGER PRIMARY KEY,
      exam_id INTEGER NOT NULL REFERENCES exam(id) ON DELETE CASCADE,
      sop_instance_uid TEXT NOT NULL UNIQUE,
      path TEXT NOT NULL,
      view TEXT,
      chosen INTEGER NOT NULL DEFAULT 0,
      manufacturer TEXT,
      transfer_syntax TEXT
    );
    CREATE INDEX image_exam ON image(exam_id);

    CREATE TABLE report (
      id INTEGER PRIMARY KEY,
      exam_id INTEGER REFERENCES exam(id) ON DELETE SET NULL,
      accession TEXT NOT NULL,
      source TEXT NOT NULL,
      status TEXT NOT NULL,
      radiologist TEXT,
      text TEXT NOT NULL,
      text_sha256 TEXT NOT NULL,
      version INTEGER NOT NULL,
      received_at TEXT NOT NULL,
      UNIQUE (accession, text_sha256)
    );
    CREATE INDEX report_exam ON report(exam_id);

    CREATE TABLE extraction (
      id INTEGER PRIMARY KEY,
      report_id INTEGER NOT NULL REFERENCES report(id) ON DELETE CASCADE,
      extractor TEXT NOT NULL,
      density TEXT,
      right_density TEXT,
      left_density TEXT,
      birads TEXT,
      status TEXT NOT NULL,
      confidence REAL NOT NULL,
      evidence TEXT NOT NULL,
      UNIQUE (report_id, extractor)
    );

    CREATE TABLE model (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      version TEXT NOT NULL,
      weights_sha256 TEXT NOT NULL UNIQUE,
      card TEXT NOT NULL,
      registered_at TEXT NOT NULL
    );

    CREATE TABLE exam_result (
      id INTEGER PRIMARY KEY,
      exam_id INTEGER NOT NULL REFERENCES exam(id) ON DELETE CASCADE,
      model_id INTEGER NOT NULL REFERENCES model(id),
      composition TEXT NOT NULL,
      score REAL NOT NULL,
      confidence REAL NOT NULL,
      right_composition TEXT,
      left_composition TEXT,
      deciding_breast TEXT NOT NULL,
      flags TEXT NOT NULL DEFAULT '',
      report_id INTEGER REFERENCES report(id),
      report_density TEXT,
      agreement TEXT NOT NULL CHECK (agreement IN ('agree', 'adjacent', 'major', 'no-report', 'no-report-density')),
      crosses_dense_boundary INTEGER NOT NULL DEFAULT 0,
      json_path TEXT NOT NULL,
      sr_path TEXT,
      sr_sop_instance_uid TEXT,
      created_at TEXT NOT NULL,
      UNIQUE (exam_id, model_id)
    );
    CREATE INDEX exam_result_model ON exam_result(model_id);

    CREATE TABLE view_prediction (
      id INTEGER PRIMARY KEY,
      result_id INTEGER NOT NULL REFERENCES exam_result(id) ON DELETE CASCADE,
      view TEXT NOT NULL,
      sop_instance_uid TEXT NOT NULL,
      p_a REAL NOT NULL, p_b REAL NOT NULL, p_c REAL NOT NULL, p_d REAL NOT NULL,
      composition TEXT NOT NULL,
      heatmap_path TEXT,
      UNIQUE (result_id, view)
    );

    CREATE TABLE breast_prediction (
      id INTEGER PRIMARY KEY,
      result_id INTEGER NOT NULL REFERENCES exam_result(id) ON DELETE CASCADE,
      laterality TEXT NOT NULL CHECK (laterality IN ('R', 'L')),
      p_a REAL NOT NULL, p_b REAL NOT NULL, p_c REAL NOT NULL, p_d REAL NOT NULL,
      composition TEXT NOT NULL,
      score REAL NOT NULL,
      UNIQUE (result_id, laterality)
    );

    CREATE TABLE disagreement (
      id INTEGER PRIMARY KEY,
      result_id INTEGER NOT NULL UNIQUE REFERENCES exam_result(id) ON DELETE CASCADE,
      grade TEXT NOT NULL CHECK (grade IN ('adjacent', 'major')),
      crosses_dense_boundary INTEGER NOT NULL,
      model_density TEXT NOT NULL,
      report_density TEXT NOT NULL,
      review_state TEXT NOT NULL DEFAULT 'open'
        CHECK (review_state IN ('open', 'model-correct', 'report-correct', 'both-wrong', 'dismissed')),
      reviewer TEXT,
      note TEXT,
      updated_at TEXT NOT NULL
    );

    CREATE TABLE audit_log (
      id INTEGER PRIMARY KEY,
      at TEXT NOT NULL,
      actor TEXT NOT NULL,
      action TEXT NOT NULL,
      entity TEXT NOT NULL,
      entity_id INTEGER NOT NULL,
      before TEXT,
      after TEXT
    );
    """

  /// `densa serve`: received instances, study completion, result history, the outbox and backfill.
  private static let v2Node = """
    CREATE TABLE instance (
      id INTEGER PRIMARY KEY,
      sop_instance_uid TEXT NOT NULL UNIQUE,
      sop_class_uid TEXT NOT NULL,
      study_instance_uid TEXT NOT NULL,
      transfer_syntax TEXT NOT NULL,
      path TEXT NOT NULL,
      sha256 TEXT NOT NULL,
      size INTEGER NOT NULL,
      calling_ae TEXT NOT NULL,
      received_at TEXT NOT NULL
    );
    CREATE INDEX instance_study ON instance(study_instance_uid);

    CREATE TABLE instance_conflict (
      id INTEGER PRIMARY KEY,
      sop_instance_uid TEXT NOT NULL,
      sha256 TEXT NOT NULL,
      path TEXT NOT NULL,
      calling_ae TEXT NOT NULL,
      received_at TEXT NOT NULL,
      UNIQUE (sop_instance_uid, sha256)
    );

    CREATE TABLE study_queue (
      study_instance_uid TEXT PRIMARY KEY,
      state TEXT NOT NULL CHECK (state IN ('receiving', 'ready', 'processing', 'done', 'not-classified', 'failed')),
      revision INTEGER NOT NULL DEFAULT 0,
      first_received REAL NOT NULL,
      last_received REAL NOT NULL,
      processed_at REAL,
      attempts INTEGER NOT NULL DEFAULT 0,
      last_error TEXT
    );
    CREATE INDEX study_queue_state ON study_queue(state);

    CREATE TABLE exam_result_history (
      id INTEGER PRIMARY KEY,
      exam_id INTEGER NOT NULL REFERENCES exam(id) ON DELETE CASCADE,
      model_id INTEGER NOT NULL REFERENCES model(id),
      revision INTEGER NOT NULL,
      composition TEXT NOT NULL,
      json_path TEXT NOT NULL,
      sr_path TEXT,
      sr_sop_instance_uid TEXT,
      created_at TEXT NOT NULL,
      superseded_at TEXT NOT NULL
    );
    ALTER TABLE exam_result ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE exam_result ADD COLUMN sr_series_instance_uid TEXT;

    CREATE TABLE outbox (
      id INTEGER PRIMARY KEY,
      destination TEXT NOT NULL,
      sop_instance_uid TEXT NOT NULL,
      study_instance_uid TEXT NOT NULL,
      path TEXT NOT NULL,
      kind TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'dead', 'cancelled')),
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt REAL NOT NULL,
      last_status TEXT,
      last_error TEXT,
      created_at TEXT NOT NULL,
      sent_at TEXT,
      UNIQUE (destination, sop_instance_uid)
    );
    CREATE INDEX outbox_state ON outbox(state, next_attempt);

    -- Patient and date of a report that arrived on its own (HL7), for pairing it with its images later.
    CREATE TABLE report_origin (
      report_id INTEGER PRIMARY KEY REFERENCES report(id) ON DELETE CASCADE,
      patient_id TEXT,
      study_date TEXT
    );
    CREATE INDEX report_origin_patient ON report_origin(patient_id);
    CREATE INDEX report_accession ON report(accession);

    CREATE TABLE backfill_job (
      id INTEGER PRIMARY KEY,
      pacs TEXT NOT NULL,
      date_from TEXT NOT NULL,
      date_to TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('querying', 'retrieving', 'done')),
      created_at TEXT NOT NULL,
      UNIQUE (pacs, date_from, date_to)
    );

    CREATE TABLE backfill_study (
      id INTEGER PRIMARY KEY,
      job_id INTEGER NOT NULL REFERENCES backfill_job(id) ON DELETE CASCADE,
      study_instance_uid TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('pending', 'retrieved', 'failed')),
      attempts INTEGER NOT NULL DEFAULT 0,
      instances INTEGER,
      last_error TEXT,
      UNIQUE (job_id, study_instance_uid)
    );
    """
}
