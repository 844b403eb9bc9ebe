// densa_scp: a Storage SCP over dcmnet's ASC_/DIMSE_ layer (see densa_net.h).
//
// Why not DcmSCP/DcmSCPPool: DCMTK 3.6.7 binds every listening socket to INADDR_ANY, checks the
// calling host against the *called* presentation address, has no idle timeout, and its pool is
// marked experimental. Here one thread accepts on our own socket (bound where configured) and
// gives each TCP connection its own thread, which reads the A-ASSOCIATE-RQ, negotiates, and
// serves DIMSE commands until release, abort or a timeout.
#include "densa_net.h"
#include "received_file_stream.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dcdeftag.h"
#include "dcmtk/dcmdata/dcfilefo.h"
#include "dcmtk/dcmdata/dcostrmf.h"
#include "dcmtk/dcmdata/dcuid.h"
#include "dcmtk/dcmnet/assoc.h"
#include "dcmtk/dcmnet/cond.h"
#include "dcmtk/dcmnet/dimse.h"
#include "dcmtk/dcmnet/diutil.h"
#include "dcmtk/dcmnet/dul.h"
#include "dcmtk/oflog/oflog.h"
#include "net_common.h"

namespace {

using Clock = std::chrono::steady_clock;

std::string trimmed(const char *s) {
  std::string t = s ? s : "";
  size_t b = t.find_first_not_of(' ');
  if (b == std::string::npos) return "";
  size_t e = t.find_last_not_of(' ');
  return t.substr(b, e - b + 1);
}

// dcmnet takes an accepted socket only through the process-wide dcmExternalSocketHandle, which the
// next ASC_receiveAssociation reads. Everything that sets it holds this lock until that call has
// returned. A connection thread takes it only once the request's first bytes are readable, so a
// silent peer never holds it; a peer that sends a fragment and stalls holds it for the ARTIM
// timeout at most.
std::mutex &externalSocketLock() {
  static std::mutex m;
  return m;
}

struct Connection {
  int fd = -1;  // ours, closed after the thread ends; dcmnet owns a dup of it
  std::string peer;
  std::thread thread;
  std::atomic<bool> done{false};
  std::mutex lock;  // guards fd against shutdown() racing with close()
};

}  // namespace

struct densa_scp {
  // Configuration.
  std::string aeTitle, bindAddress, temporaryDirectory;
  std::set<std::string> callingAETitles;
  std::map<std::string, std::set<std::string>> hostsByAE;
  std::vector<std::string> sopClasses, transferSyntaxes;
  int maxAssociations = 1;
  uint32_t maxPDU = ASC_DEFAULTMAXPDU;
  int acseTimeout = 30, dimseTimeout = 60, idleTimeout = 60;
  densa_scp_store_fn onStore = nullptr;
  densa_scp_event_fn onEvent = nullptr;
  void *context = nullptr;

  // State.
  int listenFD = -1;
  int port = 0;
  T_ASC_Network *network = nullptr;
  std::thread acceptor;
  std::atomic<bool> stopping{false};
  std::atomic<bool> stopped{false};
  std::atomic<uint64_t> nextAssociationID{1};
  std::atomic<uint64_t> nextFile{1};
  std::atomic<int64_t> abortDeadline{INT64_MAX};  // steady-clock ns; in-flight work aborted after
  std::mutex lock;
  std::condition_variable changed;
  std::list<std::shared_ptr<Connection>> connections;
  int active = 0;  // negotiated associations

  void event(densa_scp_event_kind kind, uint64_t id, const std::string &calling, const std::string &called,
             const std::string &peer, densa_scp_reject_reason reason, const std::string &detail,
             uint32_t instances = 0, uint16_t status = 0, const std::string &sopInstance = "") {
    if (!onEvent) return;
    densa_scp_event e;
    e.kind = kind;
    e.association_id = id;
    e.calling_ae = calling.c_str();
    e.called_ae = called.c_str();
    e.peer_address = peer.c_str();
    e.reason = reason;
    e.detail = detail.c_str();
    e.sop_instance_uid = sopInstance.c_str();
    e.instances = instances;
    e.status = status;
    onEvent(context, &e);
  }

  // Why the temporary folder's disk cannot take an instance now (under 1 MiB free, the floor
  // densa's DiskSpace.isFull uses too), or "" while it can; checked before a data set is read.
  std::string fullDisk() const {
    struct statvfs s;
    if (statvfs(temporaryDirectory.c_str(), &s) != 0) return "";
    unsigned long long free = (unsigned long long)s.f_bavail * s.f_frsize;
    if (free >= (1ull << 20)) return "";
    return "the disk holding " + temporaryDirectory + " is full (" + std::to_string(free) + " bytes free)";
  }

  bool pastAbortDeadline() const {
    return Clock::now().time_since_epoch().count() >= abortDeadline.load();
  }

  void acceptLoop();
  void serve(std::shared_ptr<Connection> connection);
  void serveAssociation(T_ASC_Association *assoc, uint64_t id, const std::string &calling,
                        const std::string &called, const std::string &peer);
  OFCondition store(T_ASC_Association *assoc, T_ASC_PresentationContextID presID, T_DIMSE_C_StoreRQ &request,
                    uint64_t id, const std::string &calling, const std::string &called, const std::string &peer,
                    uint32_t &stored);
  void reap(bool all);
};

namespace {

void reject(T_ASC_Association *assoc, T_ASC_RejectParametersResult result, T_ASC_RejectParametersSource source,
            T_ASC_RejectParametersReason reason) {
  T_ASC_RejectParameters rej;
  rej.result = result;
  rej.source = source;
  rej.reason = reason;
  ASC_rejectAssociation(assoc, &rej);
}

// Waits (briefly: dcmnet's default is 180 s) for the peer to close after our A-ASSOCIATE-RJ,
// A-RELEASE-RP or A-ABORT, so that it reads our last PDU before the connection goes.
void dropAssociation(T_ASC_Association *&assoc) {
  if (!assoc) return;
  ASC_dropSCPAssociation(assoc, 2);
  ASC_destroyAssociation(&assoc);
  assoc = nullptr;
}

std::string conditionText(const OFCondition &cond) {
  OFString text;
  DimseCondition::dump(text, cond);
  // dump() can span lines (sub-conditions); one line reads better in a log.
  std::string s = text.c_str();
  for (char &c : s)
    if (c == '\n') c = ' ';
  return s;
}

}  // namespace

void densa_scp::reap(bool all) {
  std::list<std::shared_ptr<Connection>> finished;
  {
    std::lock_guard<std::mutex> guard(lock);
    for (auto it = connections.begin(); it != connections.end();) {
      if (all || (*it)->done.load()) {
        finished.push_back(*it);
        it = connections.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (auto &c : finished) {
    if (c->thread.joinable()) c->thread.join();
    std::lock_guard<std::mutex> guard(c->lock);
    if (c->fd >= 0) close(c->fd);
    c->fd = -1;
  }
}

void densa_scp::acceptLoop() {
  // Connection threads beyond this many are not started: the peer's TCP connection is closed at
  // once. Up to it, a peer over the association limit gets a proper transient rejection.
  const size_t maxConnections = size_t(maxAssociations) * 2 + 4;
  while (!stopping.load()) {
    struct pollfd pfd = {listenFD, POLLIN, 0};
    int n = poll(&pfd, 1, 200);
    reap(false);
    if (n <= 0 || !(pfd.revents & POLLIN)) continue;
    struct sockaddr_in from;
    socklen_t len = sizeof from;
    int fd = accept(listenFD, (struct sockaddr *)&from, &len);
    if (fd < 0) continue;
    char address[INET_ADDRSTRLEN] = "";
    inet_ntop(AF_INET, &from.sin_addr, address, sizeof address);
    fcntl(fd, F_SETFD, FD_CLOEXEC);
    size_t count;
    {
      std::lock_guard<std::mutex> guard(lock);
      count = connections.size();
    }
    if (stopping.load() || count >= maxConnections) {
      close(fd);
      event(DENSA_SCP_EVENT_REJECTED, 0, "", "", address,
            stopping.load() ? DENSA_SCP_REJECT_STOPPING : DENSA_SCP_REJECT_TOO_MANY_CONNECTIONS,
            stopping.load() ? "the SCP is stopping"
                            : "more than " + std::to_string(maxConnections) + " TCP connections at once");
      continue;
    }
    auto connection = std::make_shared<Connection>();
    connection->fd = fd;
    connection->peer = address;
    {
      std::lock_guard<std::mutex> guard(lock);
      connections.push_back(connection);
    }
    connection->thread = std::thread([this, connection] {
      serve(connection);
      connection->done.store(true);
      std::lock_guard<std::mutex> guard(lock);
      changed.notify_all();
    });
  }
}

void densa_scp::serve(std::shared_ptr<Connection> connection) {
  const std::string &peer = connection->peer;
  // Wait (outside the lock) until the peer has sent something.
  {
    struct pollfd pfd = {connection->fd, POLLIN, 0};
    auto deadline = Clock::now() + std::chrono::seconds(acseTimeout);
    int n = 0;
    while (!stopping.load() && Clock::now() < deadline) {
      n = poll(&pfd, 1, 200);
      if (n != 0) break;
    }
    if (n <= 0 || stopping.load()) {
      event(DENSA_SCP_EVENT_REJECTED, 0, "", "", peer,
            stopping.load() ? DENSA_SCP_REJECT_STOPPING : DENSA_SCP_REJECT_NO_REQUEST,
            stopping.load() ? "the SCP is stopping"
                            : "no A-ASSOCIATE-RQ within " + std::to_string(acseTimeout) + " s");
      return;
    }
  }
  int dcmFD;
  {
    std::lock_guard<std::mutex> guard(connection->lock);
    dcmFD = dup(connection->fd);
  }
  if (dcmFD < 0) {
    event(DENSA_SCP_EVENT_REJECTED, 0, "", "", peer, DENSA_SCP_REJECT_NO_REQUEST,
          std::string("cannot duplicate the socket: ") + strerror(errno));
    return;
  }
  fcntl(dcmFD, F_SETFD, FD_CLOEXEC);
  T_ASC_Association *assoc = nullptr;
  OFCondition cond;
  {
    std::lock_guard<std::mutex> guard(externalSocketLock());
    dcmExternalSocketHandle.set(dcmFD);
    cond = ASC_receiveAssociation(network, &assoc, maxPDU, nullptr, nullptr, OFFalse, DUL_NOBLOCK, acseTimeout);
    dcmExternalSocketHandle.set(DCMNET_INVALID_SOCKET);
  }
  if (cond.bad()) {
    event(DENSA_SCP_EVENT_REJECTED, 0, "", "", peer, DENSA_SCP_REJECT_NO_REQUEST,
          "no usable A-ASSOCIATE-RQ: " + conditionText(cond));
    dropAssociation(assoc);
    return;
  }

  std::string calling = trimmed(assoc->params->DULparams.callingAPTitle);
  std::string called = trimmed(assoc->params->DULparams.calledAPTitle);

  char contextName[128];
  if (ASC_getApplicationContextName(assoc->params, contextName, sizeof contextName).bad() ||
      strcmp(contextName, UID_StandardApplicationContext) != 0) {
    event(DENSA_SCP_EVENT_REJECTED, 0, calling, called, peer, DENSA_SCP_REJECT_APPLICATION_CONTEXT,
          std::string("application context ") + contextName + " is not DICOM's");
    reject(assoc, ASC_RESULT_REJECTEDPERMANENT, ASC_SOURCE_SERVICEUSER, ASC_REASON_SU_APPCONTEXTNAMENOTSUPPORTED);
    dropAssociation(assoc);
    return;
  }
  if (called != aeTitle) {
    event(DENSA_SCP_EVENT_REJECTED, 0, calling, called, peer, DENSA_SCP_REJECT_CALLED_AE,
          "called AE title '" + called + "' is not ours ('" + aeTitle + "')");
    reject(assoc, ASC_RESULT_REJECTEDPERMANENT, ASC_SOURCE_SERVICEUSER, ASC_REASON_SU_CALLEDAETITLENOTRECOGNIZED);
    dropAssociation(assoc);
    return;
  }
  if (callingAETitles.count(calling) == 0) {
    event(DENSA_SCP_EVENT_REJECTED, 0, calling, called, peer, DENSA_SCP_REJECT_CALLING_AE,
          "calling AE title '" + calling + "' is not allowed");
    reject(assoc, ASC_RESULT_REJECTEDPERMANENT, ASC_SOURCE_SERVICEUSER, ASC_REASON_SU_CALLINGAETITLENOTRECOGNIZED);
    dropAssociation(assoc);
    return;
  }
  auto hosts = hostsByAE.find(calling);
  if (hosts != hostsByAE.end() && !hosts->second.empty() && hosts->second.count(peer) == 0) {
    event(DENSA_SCP_EVENT_REJECTED, 0, calling, called, peer, DENSA_SCP_REJECT_HOST,
          "AE title '" + calling + "' is not allowed from " + peer);
    reject(assoc, ASC_RESULT_REJECTEDPERMANENT, ASC_SOURCE_SERVICEUSER, ASC_REASON_SU_NOREASON);
    dropAssociation(assoc);
    return;
  }

  std::vector<const char *> abstract, transfer;
  for (auto &s : sopClasses) abstract.push_back(s.c_str());
  abstract.push_back(UID_VerificationSOPClass);
  for (auto &t : transferSyntaxes) transfer.push_back(t.c_str());
  cond = ASC_acceptContextsWithPreferredTransferSyntaxes(assoc->params, abstract.data(), int(abstract.size()),
                                                         transfer.data(), int(transfer.size()));
  if (cond.bad() || ASC_countAcceptedPresentationContexts(assoc->params) == 0) {
    // Name what was proposed, so a log says which SOP classes someone tried to send.
    std::set<std::string> proposed;
    int count = ASC_countPresentationContexts(assoc->params);
    for (int i = 0; i < count; i++) {
      T_ASC_PresentationContext pc;
      if (ASC_getPresentationContext(assoc->params, i, &pc).good()) proposed.insert(pc.abstractSyntax);
    }
    std::string list;
    for (auto &p : proposed) list += (list.empty() ? "" : ", ") + p;
    event(DENSA_SCP_EVENT_REJECTED, 0, calling, called, peer, DENSA_SCP_REJECT_NO_CONTEXT,
          "no acceptable presentation context (proposed: " + (list.empty() ? std::string("none") : list) + ")");
    reject(assoc, ASC_RESULT_REJECTEDPERMANENT, ASC_SOURCE_SERVICEUSER, ASC_REASON_SU_NOREASON);
    dropAssociation(assoc);
    return;
  }

  bool full = false;
  bool isStopping = stopping.load();
  if (!isStopping) {
    std::lock_guard<std::mutex> guard(lock);
    if (active >= maxAssociations)
      full = true;
    else
      active++;
  }
  if (isStopping || full) {
    event(DENSA_SCP_EVENT_REJECTED, 0, calling, called, peer,
          isStopping ? DENSA_SCP_REJECT_STOPPING : DENSA_SCP_REJECT_TOO_MANY,
          isStopping ? "the SCP is stopping"
                     : "already " + std::to_string(maxAssociations) + " associations (the maximum)");
    reject(assoc, ASC_RESULT_REJECTEDTRANSIENT, ASC_SOURCE_SERVICEPROVIDER_PRESENTATION_RELATED,
           isStopping ? ASC_REASON_SP_PRES_TEMPORARYCONGESTION : ASC_REASON_SP_PRES_LOCALLIMITEXCEEDED);
    dropAssociation(assoc);
    return;
  }

  uint64_t id = nextAssociationID.fetch_add(1);
  ASC_setAPTitles(assoc->params, nullptr, nullptr, aeTitle.c_str());
  cond = ASC_acknowledgeAssociation(assoc);
  if (cond.bad()) {
    event(DENSA_SCP_EVENT_ABORTED, id, calling, called, peer, DENSA_SCP_REJECT_NONE,
          "cannot send A-ASSOCIATE-AC: " + conditionText(cond));
  } else {
    event(DENSA_SCP_EVENT_ACCEPTED, id, calling, called, peer, DENSA_SCP_REJECT_NONE, "");
    serveAssociation(assoc, id, calling, called, peer);
  }
  // The association has ended: its slot is free even while we wait for the peer to close, so a
  // sender that opens its next association at once is not refused.
  {
    std::lock_guard<std::mutex> guard(lock);
    active--;
  }
  dropAssociation(assoc);
}

void densa_scp::serveAssociation(T_ASC_Association *assoc, uint64_t id, const std::string &calling,
                                 const std::string &called, const std::string &peer) {
  uint32_t stored = 0;
  for (;;) {
    // Between commands: wait for the next one, a second at a time so that stop() is noticed.
    int idle = 0;
    bool ready = false;
    while (!ready) {
      if (pastAbortDeadline()) {
        ASC_abortAssociation(assoc);
        event(DENSA_SCP_EVENT_ABORTED, id, calling, called, peer, DENSA_SCP_REJECT_NONE,
              "aborted by the SCP: stopping", stored);
        return;
      }
      if (idle >= idleTimeout) {
        ASC_abortAssociation(assoc);
        event(DENSA_SCP_EVENT_ABORTED, id, calling, called, peer, DENSA_SCP_REJECT_NONE,
              "aborted by the SCP: idle for " + std::to_string(idleTimeout) + " s", stored);
        return;
      }
      ready = ASC_dataWaiting(assoc, 1);
      if (!ready) idle++;
    }
    T_DIMSE_Message message;
    T_ASC_PresentationContextID presID = 0;
    OFCondition cond = DIMSE_receiveCommand(assoc, DIMSE_NONBLOCKING, dimseTimeout, &presID, &message, nullptr);
    if (cond == DUL_PEERREQUESTEDRELEASE) {
      event(DENSA_SCP_EVENT_RELEASED, id, calling, called, peer, DENSA_SCP_REJECT_NONE, "", stored);
      ASC_acknowledgeRelease(assoc);
      return;
    }
    if (cond == DUL_PEERABORTEDASSOCIATION) {
      event(DENSA_SCP_EVENT_ABORTED, id, calling, called, peer, DENSA_SCP_REJECT_NONE, "aborted by the peer",
            stored);
      return;
    }
    if (cond.bad()) {
      ASC_abortAssociation(assoc);
      event(DENSA_SCP_EVENT_ABORTED, id, calling, called, peer, DENSA_SCP_REJECT_NONE,
            "aborted by the SCP: " + conditionText(cond), stored);
      return;
    }
    switch (message.CommandField) {
      case DIMSE_C_ECHO_RQ:
        cond = DIMSE_sendEchoResponse(assoc, presID, &message.msg.CEchoRQ, STATUS_Success, nullptr);
        break;
      case DIMSE_C_STORE_RQ:
        cond = store(assoc, presID, message.msg.CStoreRQ, id, calling, called, peer, stored);
        break;
      default: {
        char text[96];
        std::snprintf(text, sizeof text, "unsupported DIMSE command 0x%04X", unsigned(message.CommandField));
        ASC_abortAssociation(assoc);
        event(DENSA_SCP_EVENT_ABORTED, id, calling, called, peer, DENSA_SCP_REJECT_NONE,
              std::string("aborted by the SCP: ") + text, stored);
        return;
      }
    }
    if (cond.bad()) {
      ASC_abortAssociation(assoc);
      event(DENSA_SCP_EVENT_ABORTED, id, calling, called, peer, DENSA_SCP_REJECT_NONE,
            "aborted by the SCP: " + conditionText(cond), stored);
      return;
    }
  }
}

OFCondition densa_scp::store(T_ASC_Association *assoc, T_ASC_PresentationContextID presID,
                             T_DIMSE_C_StoreRQ &request, uint64_t id, const std::string &calling,
                             const std::string &called, const std::string &peer, uint32_t &stored) {
  T_DIMSE_C_StoreRSP response;
  memset(&response, 0, sizeof response);
  response.MessageIDBeingRespondedTo = request.MessageID;
  response.DataSetType = DIMSE_DATASET_NULL;
  OFStandard::strlcpy(response.AffectedSOPClassUID, request.AffectedSOPClassUID, sizeof response.AffectedSOPClassUID);
  OFStandard::strlcpy(response.AffectedSOPInstanceUID, request.AffectedSOPInstanceUID,
                      sizeof response.AffectedSOPInstanceUID);
  response.opts = O_STORE_AFFECTEDSOPCLASSUID | O_STORE_AFFECTEDSOPINSTANCEUID;
  if (request.opts & O_STORE_RQ_BLANK_PADDING) response.opts |= O_STORE_RSP_BLANK_PADDING;

  T_ASC_PresentationContext pc;
  std::string transferSyntax;
  std::string why;
  if (ASC_findAcceptedPresentationContext(assoc->params, presID, &pc).good()) transferSyntax = pc.acceptedTransferSyntax;

  char name[64];
  std::snprintf(name, sizeof name, "/.densa-rx-%d-%llu-%llu.dcm", int(getpid()), (unsigned long long)id,
                (unsigned long long)nextFile.fetch_add(1));
  std::string path = temporaryDirectory + name;

  if (strcmp(pc.abstractSyntax, request.AffectedSOPClassUID) != 0) {
    // The standard requires the command's SOP class to be the context's abstract syntax.
    DIC_UL bytes = 0, pdvs = 0;
    OFCondition cond = DIMSE_ignoreDataSet(assoc, DIMSE_NONBLOCKING, dimseTimeout, &bytes, &pdvs);
    if (cond.bad()) return cond;
    response.DimseStatus = STATUS_STORE_Refused_SOPClassNotSupported;
    why = std::string("SOP class ") + request.AffectedSOPClassUID + " sent on a context for " + pc.abstractSyntax;
  } else if (std::string full = fullDisk(); !full.empty()) {
    // Nothing of the data set is read yet, so it can be drained and refused at once.
    DIC_UL bytes = 0, pdvs = 0;
    OFCondition ignored = DIMSE_ignoreDataSet(assoc, DIMSE_NONBLOCKING, dimseTimeout, &bytes, &pdvs);
    if (ignored.bad()) return ignored;
    response.DimseStatus = STATUS_STORE_Refused_OutOfResources;
    why = full;
  } else {
    DcmOutputFileStream *metaStream = nullptr;
    // The file is created by us first, exclusively, so nothing existing is ever overwritten;
    // DCMTK writes the meta header, then the data set is appended through a ReceivedFileStream.
    int created = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    OFCondition cond = created < 0 ? makeDcmnetCondition(DIMSEC_OUTOFRESOURCES, OF_error, strerror(errno))
                                   : (close(created), DIMSE_createFilestream(path.c_str(), &request, assoc, presID,
                                                                             OFTrue, &metaStream));
    int fd = -1;
    if (cond.good()) {
      delete metaStream;
      fd = open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
      if (fd < 0) cond = makeDcmnetCondition(DIMSEC_OUTOFRESOURCES, OF_error, strerror(errno));
    }
    if (cond.bad()) {
      if (created >= 0) unlink(path.c_str());
      DIC_UL bytes = 0, pdvs = 0;
      OFCondition ignored = DIMSE_ignoreDataSet(assoc, DIMSE_NONBLOCKING, dimseTimeout, &bytes, &pdvs);
      if (ignored.bad()) return ignored;
      response.DimseStatus = STATUS_STORE_Refused_OutOfResources;
      why = "cannot create " + path + ": " + cond.text();
    } else {
      T_ASC_PresentationContextID dataPresID = 0;
      densa::ReceivedFileStream stream(fd);
      cond = DIMSE_receiveDataSetInFile(assoc, DIMSE_NONBLOCKING, dimseTimeout, &dataPresID, &stream, nullptr, nullptr);
      int writeError = stream.error();
      if (writeError == 0 && fsync(fd) != 0) writeError = errno;
      close(fd);
      if (cond.bad() || dataPresID != presID) {
        unlink(path.c_str());
        if (cond.bad()) return cond;
        return makeDcmnetCondition(DIMSEC_INVALIDPRESENTATIONCONTEXTID, OF_error,
                                   "command and data set on different presentation contexts");
      }
      if (writeError != 0) {
        response.DimseStatus = STATUS_STORE_Refused_OutOfResources;
        why = "cannot write " + path + ": " + strerror(writeError);
      } else {
        // The data set must be what the command says it is (as DCMTK's storescp checks).
        DcmFileFormat file;
        OFString sopClass, sopInstance;
        OFCondition read = file.loadFileUntilTag(path.c_str(), EXS_Unknown, EGL_noChange, DCM_MaxReadLength,
                                                 ERM_fileOnly, DCM_PixelData);
        if (read.bad()) {
          response.DimseStatus = STATUS_STORE_Error_CannotUnderstand;
          why = std::string("data set not readable: ") + read.text();
        } else {
          file.getDataset()->findAndGetOFString(DCM_SOPClassUID, sopClass);
          file.getDataset()->findAndGetOFString(DCM_SOPInstanceUID, sopInstance);
          if (sopClass != request.AffectedSOPClassUID || sopInstance != request.AffectedSOPInstanceUID) {
            response.DimseStatus = STATUS_STORE_Error_DataSetDoesNotMatchSOPClass;
            why = "data set holds " + std::string(sopClass.c_str()) + " / " + sopInstance.c_str() +
                  ", the command says " + request.AffectedSOPClassUID + " / " + request.AffectedSOPInstanceUID;
          } else {
            densa_scp_instance instance;
            instance.sop_class_uid = request.AffectedSOPClassUID;
            instance.sop_instance_uid = request.AffectedSOPInstanceUID;
            instance.transfer_syntax_uid = transferSyntax.c_str();
            instance.path = path.c_str();
            instance.calling_ae = calling.c_str();
            instance.called_ae = called.c_str();
            instance.peer_address = peer.c_str();
            instance.association_id = id;
            char reason[512] = "";
            response.DimseStatus =
                onStore ? onStore(context, &instance, reason, sizeof reason) : STATUS_STORE_Refused_OutOfResources;
            if (response.DimseStatus != STATUS_Success && (response.DimseStatus & 0xF000) != 0xB000) {
              char text[32];
              std::snprintf(text, sizeof text, "0x%04X", unsigned(response.DimseStatus));
              why = std::string("the handler answered ") + text + (reason[0] ? std::string(": ") + reason : "");
            }
          }
        }
      }
      // Whatever the handler did not move away is not ours to keep.
      unlink(path.c_str());
    }
  }
  if (why.empty())
    stored++;
  else
    event(DENSA_SCP_EVENT_STORE_FAILED, id, calling, called, peer, DENSA_SCP_REJECT_NONE, why, stored,
          response.DimseStatus, request.AffectedSOPInstanceUID);
  return DIMSE_sendStoreResponse(assoc, presID, &request, &response, nullptr);
}

extern "C" {

densa_scp *densa_scp_start(const densa_scp_config *config, char *error, size_t error_len) {
  densa_net_initialize();
  auto fail = [&](const std::string &why) -> densa_scp * {
    if (error && error_len) std::snprintf(error, error_len, "%s", why.c_str());
    return nullptr;
  };
  if (!config || !config->ae_title || !config->temporary_directory) return fail("incomplete configuration");
  if (config->max_associations < 1) return fail("the maximum number of associations must be at least 1");
  if (config->max_pdu < ASC_MINIMUMPDUSIZE || config->max_pdu > ASC_MAXIMUMPDUSIZE)
    return fail("max PDU " + std::to_string(config->max_pdu) + " is outside " + std::to_string(ASC_MINIMUMPDUSIZE) +
                "..." + std::to_string(ASC_MAXIMUMPDUSIZE));
  std::unique_ptr<densa_scp> scp(new densa_scp());
  scp->aeTitle = trimmed(config->ae_title);
  scp->bindAddress = config->bind_address ? config->bind_address : "127.0.0.1";
  scp->temporaryDirectory = config->temporary_directory;
  for (size_t i = 0; i < config->allowed_calling_ae_count; i++)
    scp->callingAETitles.insert(trimmed(config->allowed_calling_ae[i]));
  for (size_t i = 0; i < config->allowed_host_count; i++)
    scp->hostsByAE[trimmed(config->allowed_host_ae[i])].insert(config->allowed_host_address[i]);
  for (size_t i = 0; i < config->sop_class_count; i++) scp->sopClasses.push_back(config->sop_classes[i]);
  for (size_t i = 0; i < config->transfer_syntax_count; i++)
    scp->transferSyntaxes.push_back(config->transfer_syntaxes[i]);
  scp->maxAssociations = config->max_associations;
  scp->maxPDU = config->max_pdu;
  scp->acseTimeout = config->acse_timeout > 0 ? config->acse_timeout : 30;
  scp->dimseTimeout = config->dimse_timeout > 0 ? config->dimse_timeout : 60;
  scp->idleTimeout = config->idle_timeout > 0 ? config->idle_timeout : 60;
  scp->onStore = config->on_store;
  scp->onEvent = config->on_event;
  scp->context = config->context;

  struct sockaddr_in address;
  memset(&address, 0, sizeof address);
  address.sin_family = AF_INET;
  address.sin_port = htons(uint16_t(config->port));
  if (config->port < 0 || config->port > 65535) return fail("port " + std::to_string(config->port) + " is invalid");
  if (inet_pton(AF_INET, scp->bindAddress.c_str(), &address.sin_addr) != 1)
    return fail("bind address '" + scp->bindAddress + "' is not an IPv4 address");
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return fail(std::string("cannot create a socket: ") + strerror(errno));
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind(fd, (struct sockaddr *)&address, sizeof address) != 0) {
    std::string why = "cannot bind " + scp->bindAddress + ":" + std::to_string(config->port) + ": " + strerror(errno);
    close(fd);
    return fail(why);
  }
  if (listen(fd, 64) != 0) {
    std::string why = std::string("cannot listen: ") + strerror(errno);
    close(fd);
    return fail(why);
  }
  socklen_t len = sizeof address;
  getsockname(fd, (struct sockaddr *)&address, &len);
  scp->listenFD = fd;
  scp->port = ntohs(address.sin_port);

  // An acceptor network without a listening socket of its own: dcmnet makes one (on INADDR_ANY)
  // unless an external socket is set while it is initialised.
  OFCondition cond;
  {
    std::lock_guard<std::mutex> guard(externalSocketLock());
    dcmExternalSocketHandle.set(fd);
    cond = ASC_initializeNetwork(NET_ACCEPTOR, 0, scp->acseTimeout, &scp->network);
    dcmExternalSocketHandle.set(DCMNET_INVALID_SOCKET);
  }
  if (cond.bad()) {
    close(fd);
    return fail(std::string("cannot initialise the DICOM network: ") + cond.text());
  }
  densa_scp *raw = scp.release();
  raw->acceptor = std::thread([raw] { raw->acceptLoop(); });
  return raw;
}

int densa_scp_port(const densa_scp *scp) { return scp ? scp->port : 0; }

int densa_scp_active_associations(densa_scp *scp) {
  if (!scp) return 0;
  std::lock_guard<std::mutex> guard(scp->lock);
  return scp->active;
}

void densa_scp_stop(densa_scp *scp, double grace_seconds) {
  if (!scp || scp->stopped.exchange(true)) return;
  scp->stopping.store(true);
  if (scp->acceptor.joinable()) scp->acceptor.join();
  if (scp->listenFD >= 0) close(scp->listenFD);
  scp->listenFD = -1;

  // In-flight associations may go on until the grace period ends; then they abort themselves
  // between commands. A thread still inside a transfer after a little more has its socket shut
  // down, which ends any read or write at once.
  auto grace = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(grace_seconds > 0 ? grace_seconds : 0));
  auto deadline = Clock::now() + grace;
  scp->abortDeadline.store(deadline.time_since_epoch().count());
  auto allDone = [scp] {
    for (auto &c : scp->connections)
      if (!c->done.load()) return false;
    return true;
  };
  {
    std::unique_lock<std::mutex> guard(scp->lock);
    scp->changed.wait_until(guard, deadline + std::chrono::seconds(2), allDone);
    for (auto &c : scp->connections) {
      if (c->done.load()) continue;
      std::lock_guard<std::mutex> fdGuard(c->lock);
      if (c->fd >= 0) shutdown(c->fd, SHUT_RDWR);
    }
  }
  scp->reap(true);
  if (scp->network) ASC_dropNetwork(&scp->network);
}

void densa_scp_free(densa_scp *scp) {
  if (!scp) return;
  densa_scp_stop(scp, 0);
  delete scp;
}

}  // extern "C"
