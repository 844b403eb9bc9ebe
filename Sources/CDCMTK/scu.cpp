// densa_scu: C-ECHO, C-STORE, C-FIND and C-MOVE as a requestor, over dcmnet's ASC_/DIMSE_ layer
// (see densa_net.h). The plain layer rather than DcmSCU: DcmSCU keeps the association's
// parameters private, so a rejection could not be reported with its result, source and reason.
#include "densa_net.h"

#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dcdeftag.h"
#include "dcmtk/dcmdata/dcfilefo.h"
#include "dcmtk/dcmdata/dcmetinf.h"
#include "dcmtk/dcmdata/dcuid.h"
#include "dcmtk/dcmdata/dcxfer.h"
#include "dcmtk/dcmnet/assoc.h"
#include "dcmtk/dcmnet/cond.h"
#include "dcmtk/dcmnet/dimse.h"
#include "dcmtk/dcmnet/diutil.h"
#include "dcmtk/dcmnet/dul.h"
#include "net_common.h"

namespace {

void setError(char *error, size_t len, const std::string &text) {
  if (error && len) std::snprintf(error, len, "%s", text.c_str());
}

std::string conditionText(const OFCondition &cond) {
  OFString text;
  DimseCondition::dump(text, cond);
  std::string s = text.c_str();
  for (char &c : s)
    if (c == '\n') c = ' ';
  return s;
}

const char *rejectResult(T_ASC_RejectParametersResult r) {
  return r == ASC_RESULT_REJECTEDTRANSIENT ? "transient" : "permanent";
}

std::string rejectReason(T_ASC_RejectParametersReason r) {
  switch (r) {
    case ASC_REASON_SU_NOREASON: return "no reason given";
    case ASC_REASON_SU_APPCONTEXTNAMENOTSUPPORTED: return "application context not supported";
    case ASC_REASON_SU_CALLINGAETITLENOTRECOGNIZED: return "calling AE title not recognized";
    case ASC_REASON_SU_CALLEDAETITLENOTRECOGNIZED: return "called AE title not recognized";
    case ASC_REASON_SP_ACSE_NOREASON: return "no reason given (ACSE)";
    case ASC_REASON_SP_ACSE_PROTOCOLVERSIONNOTSUPPORTED: return "protocol version not supported";
    case ASC_REASON_SP_PRES_TEMPORARYCONGESTION: return "temporary congestion";
    case ASC_REASON_SP_PRES_LOCALLIMITEXCEEDED: return "local limit exceeded";
    default: return "reason " + std::to_string(int(r));
  }
}

// One association as a requestor; released (or aborted) and freed when it goes out of scope.
struct Session {
  T_ASC_Network *net = nullptr;
  T_ASC_Parameters *params = nullptr;
  T_ASC_Association *assoc = nullptr;
  bool broken = false;
  // What a failed open() returns to the caller: 1, or 2/3 for a permanent/transient rejection.
  int failure = 1;

  ~Session() {
    if (assoc) {
      if (broken || ASC_releaseAssociation(assoc).bad()) ASC_abortAssociation(assoc);
      ASC_destroyAssociation(&assoc);
    } else if (params) {
      ASC_destroyAssociationParameters(&params);
    }
    if (net) ASC_dropNetwork(&net);
  }

  int dimseTimeout = 60;

  // Proposes `contexts` (abstract syntax, transfer syntaxes) with IDs 1, 3, 5... and requests the
  // association. On failure returns false with `why` set.
  bool open(const densa_scu_peer *peer, const std::vector<std::pair<std::string, std::vector<std::string>>> &contexts,
            std::string &why) {
    densa_net_initialize();
    dimseTimeout = peer->dimse_timeout > 0 ? peer->dimse_timeout : 60;
    int acse = peer->acse_timeout > 0 ? peer->acse_timeout : 30;
    uint32_t maxPDU = peer->max_pdu ? peer->max_pdu : ASC_DEFAULTMAXPDU;
    if (contexts.size() > 128) {
      why = std::to_string(contexts.size()) + " presentation contexts needed, one association holds 128";
      return false;
    }
    OFCondition cond = ASC_initializeNetwork(NET_REQUESTOR, 0, acse, &net);
    if (cond.bad()) {
      why = "cannot initialise the network: " + conditionText(cond);
      return false;
    }
    cond = ASC_createAssociationParameters(&params, maxPDU);
    if (cond.bad()) {
      why = "cannot create association parameters: " + conditionText(cond);
      return false;
    }
    ASC_setAPTitles(params, peer->calling_ae, peer->called_ae, nullptr);
    char local[256] = "localhost";
    gethostname(local, sizeof local - 1);
    std::string remote = std::string(peer->host) + ":" + std::to_string(peer->port);
    ASC_setPresentationAddresses(params, local, remote.c_str());
    T_ASC_PresentationContextID id = 1;
    for (auto &context : contexts) {
      std::vector<const char *> syntaxes;
      for (auto &s : context.second) syntaxes.push_back(s.c_str());
      cond = ASC_addPresentationContext(params, id, context.first.c_str(), syntaxes.data(), int(syntaxes.size()));
      if (cond.bad()) {
        why = "cannot propose " + context.first + ": " + conditionText(cond);
        return false;
      }
      id += 2;
    }
    // dcmnet's connect timeout is process-wide; every densa client sets its own before connecting.
    dcmConnectionTimeout.set(peer->connect_timeout > 0 ? peer->connect_timeout : 10);
    cond = ASC_requestAssociation(net, params, &assoc);
    if (cond.bad()) {
      if (cond == DUL_ASSOCIATIONREJECTED) {
        T_ASC_RejectParameters rej;
        ASC_getRejectParameters(params, &rej);
        why = std::string("association rejected (") + rejectResult(rej.result) + ": " + rejectReason(rej.reason) + ")";
        failure = rej.result == ASC_RESULT_REJECTEDTRANSIENT ? 3 : 2;
      } else {
        why = "association request failed: " + conditionText(cond);
      }
      // A failed request leaves an association structure to free, parameters included.
      if (assoc) {
        ASC_destroyAssociation(&assoc);
        params = nullptr;
      }
      return false;
    }
    if (ASC_countAcceptedPresentationContexts(params) == 0) {
      why = "the peer accepted no presentation context";
      broken = true;
      return false;
    }
    return true;
  }

  T_ASC_PresentationContextID accepted(T_ASC_PresentationContextID id) {
    T_ASC_PresentationContext pc;
    return ASC_findAcceptedPresentationContext(params, id, &pc).good() ? id : 0;
  }

  DIC_US nextMessageID() { return assoc->nextMsgID++; }
};

const char *const uncompressed[] = {UID_LittleEndianExplicitTransferSyntax, UID_LittleEndianImplicitTransferSyntax};

bool isUncompressed(const std::string &ts) {
  return ts == UID_LittleEndianExplicitTransferSyntax || ts == UID_LittleEndianImplicitTransferSyntax ||
         ts == UID_BigEndianExplicitTransferSyntax;
}

struct FileInfo {
  std::string sopClass, sopInstance, transferSyntax, problem;
};

FileInfo inspect(const char *path) {
  FileInfo info;
  DcmFileFormat file;
  OFCondition cond =
      file.loadFileUntilTag(path, EXS_Unknown, EGL_noChange, DCM_MaxReadLength, ERM_autoDetect, DCM_PixelData);
  if (cond.bad()) {
    info.problem = std::string("not readable as DICOM: ") + cond.text();
    return info;
  }
  OFString value;
  if (file.getDataset()->findAndGetOFString(DCM_SOPClassUID, value).good()) info.sopClass = value.c_str();
  if (file.getDataset()->findAndGetOFString(DCM_SOPInstanceUID, value).good()) info.sopInstance = value.c_str();
  if (file.getMetaInfo()->findAndGetOFString(DCM_TransferSyntaxUID, value).good() && !value.empty())
    info.transferSyntax = value.c_str();
  else
    info.transferSyntax = DcmXfer(file.getDataset()->getOriginalXfer()).getXferID();
  if (info.sopClass.empty() || info.sopInstance.empty()) info.problem = "no SOP Class or SOP Instance UID";
  return info;
}

}  // namespace

// The public functions keep C linkage from their declarations in densa_net.h.

int densa_scu_echo(const densa_scu_peer *peer, char *error, size_t error_len) {
  Session session;
  std::string why;
  if (!session.open(peer, {{UID_VerificationSOPClass, {uncompressed[0], uncompressed[1]}}}, why)) {
    setError(error, error_len, why);
    return session.failure;
  }
  DIC_US status = 0;
  DcmDataset *detail = nullptr;
  OFCondition cond =
      DIMSE_echoUser(session.assoc, session.nextMessageID(), DIMSE_NONBLOCKING, session.dimseTimeout, &status, &detail);
  delete detail;
  if (cond.bad()) {
    session.broken = true;
    setError(error, error_len, "C-ECHO failed: " + conditionText(cond));
    return 1;
  }
  if (status != STATUS_Success) {
    char text[64];
    std::snprintf(text, sizeof text, "C-ECHO answered status 0x%04X", unsigned(status));
    setError(error, error_len, text);
    return 1;
  }
  return 0;
}

int densa_scu_store(const densa_scu_peer *peer, const char *const *paths, size_t count,
                    densa_scu_store_result *results, char *error, size_t error_len) {
  std::vector<FileInfo> files(count);
  std::map<std::pair<std::string, std::string>, T_ASC_PresentationContextID> contextOf;
  std::vector<std::pair<std::string, std::vector<std::string>>> contexts;
  for (size_t i = 0; i < count; i++) {
    memset(&results[i], 0, sizeof results[i]);
    files[i] = inspect(paths[i]);
    OFStandard::strlcpy(results[i].sop_instance_uid, files[i].sopInstance.c_str(),
                        sizeof results[i].sop_instance_uid);
    if (!files[i].problem.empty()) continue;
    auto key = std::make_pair(files[i].sopClass, files[i].transferSyntax);
    if (contextOf.count(key)) continue;
    contextOf[key] = T_ASC_PresentationContextID(2 * contexts.size() + 1);
    // Uncompressed data can be sent in any uncompressed syntax; compressed only as it is.
    std::vector<std::string> syntaxes = {files[i].transferSyntax};
    if (isUncompressed(files[i].transferSyntax))
      for (const char *ts : uncompressed)
        if (files[i].transferSyntax != ts) syntaxes.push_back(ts);
    contexts.push_back({files[i].sopClass, syntaxes});
  }
  if (contexts.empty()) {
    for (size_t i = 0; i < count; i++)
      OFStandard::strlcpy(results[i].problem, files[i].problem.c_str(), sizeof results[i].problem);
    if (count > 0) {
      setError(error, error_len, "no file is a DICOM instance that can be sent");
      return 1;
    }
    return 0;
  }
  Session session;
  std::string why;
  if (!session.open(peer, contexts, why)) {
    setError(error, error_len, why);
    return session.failure;
  }
  std::string broken;
  for (size_t i = 0; i < count; i++) {
    densa_scu_store_result &result = results[i];
    if (!files[i].problem.empty()) {
      OFStandard::strlcpy(result.problem, files[i].problem.c_str(), sizeof result.problem);
      continue;
    }
    if (!broken.empty()) {
      OFStandard::strlcpy(result.problem, broken.c_str(), sizeof result.problem);
      continue;
    }
    T_ASC_PresentationContextID presID =
        session.accepted(contextOf[std::make_pair(files[i].sopClass, files[i].transferSyntax)]);
    if (presID == 0) {
      std::string text = "the peer did not accept " + files[i].sopClass + " in " + files[i].transferSyntax;
      OFStandard::strlcpy(result.problem, text.c_str(), sizeof result.problem);
      continue;
    }
    DcmFileFormat file;
    OFCondition cond = file.loadFile(paths[i]);
    if (cond.bad()) {
      std::string text = std::string("not readable: ") + cond.text();
      OFStandard::strlcpy(result.problem, text.c_str(), sizeof result.problem);
      continue;
    }
    T_DIMSE_C_StoreRQ request;
    memset(&request, 0, sizeof request);
    request.MessageID = session.nextMessageID();
    OFStandard::strlcpy(request.AffectedSOPClassUID, files[i].sopClass.c_str(), sizeof request.AffectedSOPClassUID);
    OFStandard::strlcpy(request.AffectedSOPInstanceUID, files[i].sopInstance.c_str(),
                        sizeof request.AffectedSOPInstanceUID);
    request.DataSetType = DIMSE_DATASET_PRESENT;
    request.Priority = DIMSE_PRIORITY_MEDIUM;
    T_DIMSE_C_StoreRSP response;
    memset(&response, 0, sizeof response);
    DcmDataset *detail = nullptr;
    cond = DIMSE_storeUser(session.assoc, presID, &request, nullptr, file.getDataset(), nullptr, nullptr,
                           DIMSE_NONBLOCKING, session.dimseTimeout, &response, &detail);
    delete detail;
    if (cond.bad()) {
      std::string text = "C-STORE failed: " + conditionText(cond);
      OFStandard::strlcpy(result.problem, text.c_str(), sizeof result.problem);
      // Nothing more can go over an association that failed mid-message.
      session.broken = true;
      broken = "not sent: the association failed on an earlier instance";
      continue;
    }
    result.responded = 1;
    result.status = response.DimseStatus;
  }
  return 0;
}

namespace {

struct FindContext {
  densa_scu_study_fn onMatch;
  void *context;
};

std::string get(DcmDataset *d, const DcmTagKey &key) {
  OFString value;
  if (d && d->findAndGetOFStringArray(key, value).good()) return value.c_str();
  return "";
}

void findCallback(void *data, T_DIMSE_C_FindRQ *, int, T_DIMSE_C_FindRSP *, DcmDataset *identifiers) {
  auto *ctx = static_cast<FindContext *>(data);
  std::string uid = get(identifiers, DCM_StudyInstanceUID), accession = get(identifiers, DCM_AccessionNumber),
              patient = get(identifiers, DCM_PatientID), date = get(identifiers, DCM_StudyDate),
              modalities = get(identifiers, DCM_ModalitiesInStudy),
              instances = get(identifiers, DCM_NumberOfStudyRelatedInstances);
  densa_scu_study study;
  study.study_instance_uid = uid.c_str();
  study.accession_number = accession.c_str();
  study.patient_id = patient.c_str();
  study.study_date = date.c_str();
  study.modalities_in_study = modalities.c_str();
  char *end = nullptr;
  long n = instances.empty() ? -1 : std::strtol(instances.c_str(), &end, 10);
  study.number_of_instances = (end && *end == 0 && n >= 0) ? n : -1;
  ctx->onMatch(ctx->context, &study);
}

}  // namespace

int densa_scu_find_studies(const densa_scu_peer *peer, const char *modality, const char *date_range,
                           densa_scu_study_fn on_match, void *context, uint16_t *status, char *error,
                           size_t error_len) {
  Session session;
  std::string why;
  if (!session.open(peer, {{UID_FINDStudyRootQueryRetrieveInformationModel, {uncompressed[0], uncompressed[1]}}},
                    why)) {
    setError(error, error_len, why);
    return session.failure;
  }
  DcmDataset query;
  query.putAndInsertString(DCM_QueryRetrieveLevel, "STUDY");
  query.putAndInsertString(DCM_StudyInstanceUID, "");
  query.putAndInsertString(DCM_AccessionNumber, "");
  query.putAndInsertString(DCM_PatientID, "");
  query.putAndInsertString(DCM_StudyDate, date_range ? date_range : "");
  query.putAndInsertString(DCM_StudyTime, "");
  query.putAndInsertString(DCM_ModalitiesInStudy, modality ? modality : "");
  query.putAndInsertString(DCM_NumberOfStudyRelatedInstances, "");
  T_DIMSE_C_FindRQ request;
  memset(&request, 0, sizeof request);
  request.MessageID = session.nextMessageID();
  OFStandard::strlcpy(request.AffectedSOPClassUID, UID_FINDStudyRootQueryRetrieveInformationModel,
                      sizeof request.AffectedSOPClassUID);
  request.DataSetType = DIMSE_DATASET_PRESENT;
  request.Priority = DIMSE_PRIORITY_MEDIUM;
  T_ASC_PresentationContextID presID = session.accepted(1);
  FindContext ctx{on_match, context};
  T_DIMSE_C_FindRSP response;
  memset(&response, 0, sizeof response);
  DcmDataset *detail = nullptr;
  int responses = 0;
  OFCondition cond = DIMSE_findUser(session.assoc, presID, &request, &query, responses, findCallback, &ctx,
                                    DIMSE_NONBLOCKING, session.dimseTimeout, &response, &detail);
  delete detail;
  if (cond.bad()) {
    session.broken = true;
    setError(error, error_len, "C-FIND failed: " + conditionText(cond));
    return 1;
  }
  if (status) *status = response.DimseStatus;
  return 0;
}

namespace {

struct MoveProgress {
  bool seen = false;
  T_DIMSE_C_MoveRSP last;
};

void moveCallback(void *data, T_DIMSE_C_MoveRQ *, int, T_DIMSE_C_MoveRSP *response) {
  auto *progress = static_cast<MoveProgress *>(data);
  progress->seen = true;
  progress->last = *response;
}

}  // namespace

int densa_scu_move_study(const densa_scu_peer *peer, const char *study_instance_uid, const char *destination_ae,
                         densa_scu_move_result *result, char *error, size_t error_len) {
  Session session;
  std::string why;
  if (!session.open(peer, {{UID_MOVEStudyRootQueryRetrieveInformationModel, {uncompressed[0], uncompressed[1]}}},
                    why)) {
    setError(error, error_len, why);
    return session.failure;
  }
  DcmDataset query;
  query.putAndInsertString(DCM_QueryRetrieveLevel, "STUDY");
  query.putAndInsertString(DCM_StudyInstanceUID, study_instance_uid);
  T_DIMSE_C_MoveRQ request;
  memset(&request, 0, sizeof request);
  request.MessageID = session.nextMessageID();
  OFStandard::strlcpy(request.AffectedSOPClassUID, UID_MOVEStudyRootQueryRetrieveInformationModel,
                      sizeof request.AffectedSOPClassUID);
  OFStandard::strlcpy(request.MoveDestination, destination_ae, sizeof request.MoveDestination);
  request.DataSetType = DIMSE_DATASET_PRESENT;
  request.Priority = DIMSE_PRIORITY_MEDIUM;
  MoveProgress progress;
  T_DIMSE_C_MoveRSP response;
  memset(&response, 0, sizeof response);
  DcmDataset *detail = nullptr, *identifiers = nullptr;
  OFCondition cond = DIMSE_moveUser(session.assoc, session.accepted(1), &request, &query, moveCallback, &progress,
                                    DIMSE_NONBLOCKING, session.dimseTimeout, nullptr, nullptr, nullptr, &response,
                                    &detail, &identifiers, OFTrue);
  delete detail;
  delete identifiers;
  if (cond.bad()) {
    session.broken = true;
    setError(error, error_len, "C-MOVE failed: " + conditionText(cond));
    return 1;
  }
  // The final response should carry the counts; when it does not, the last pending one does.
  auto count = [&](unsigned flag, DIC_US final, DIC_US pending) {
    if (response.opts & flag) return int(final);
    if (progress.seen && (progress.last.opts & flag)) return int(pending);
    return 0;
  };
  result->status = response.DimseStatus;
  result->completed = count(O_MOVE_NUMBEROFCOMPLETEDSUBOPERATIONS, response.NumberOfCompletedSubOperations,
                            progress.last.NumberOfCompletedSubOperations);
  result->failed = count(O_MOVE_NUMBEROFFAILEDSUBOPERATIONS, response.NumberOfFailedSubOperations,
                         progress.last.NumberOfFailedSubOperations);
  result->warning = count(O_MOVE_NUMBEROFWARNINGSUBOPERATIONS, response.NumberOfWarningSubOperations,
                          progress.last.NumberOfWarningSubOperations);
  result->remaining = (response.opts & O_MOVE_NUMBEROFREMAININGSUBOPERATIONS)
                          ? int(response.NumberOfRemainingSubOperations)
                          : 0;
  return 0;
}

