/* DICOM networking over DCMTK's dcmnet: a multi-association Storage SCP and the SCU operations
 * densa needs (C-ECHO, C-STORE, C-FIND at study level, C-MOVE). Plain C so Swift can call it;
 * functions that can fail return 0 on success and write a reason into `error` (NUL-terminated,
 * at most `error_len` bytes). */
#ifndef DENSA_NET_H
#define DENSA_NET_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------------------------------------
 * Storage SCP
 * ------------------------------------------------------------------------------------------- */

/** One instance received and written, fsynced, to a temporary Part 10 file in the transfer
 * syntax it arrived in. Strings are valid only during the callback. */
typedef struct {
  const char *sop_class_uid;
  const char *sop_instance_uid;
  const char *transfer_syntax_uid;
  const char *path;
  const char *calling_ae;
  const char *called_ae;
  const char *peer_address;
  uint64_t association_id;
} densa_scp_instance;

/** What happened to an association. */
typedef enum {
  DENSA_SCP_EVENT_ACCEPTED = 1,
  DENSA_SCP_EVENT_REJECTED = 2,
  DENSA_SCP_EVENT_RELEASED = 3,
  DENSA_SCP_EVENT_ABORTED = 4,
  /** A C-STORE answered with a status other than success or warning. */
  DENSA_SCP_EVENT_STORE_FAILED = 5,
} densa_scp_event_kind;

/** Why an association was refused (DENSA_SCP_EVENT_REJECTED). */
typedef enum {
  DENSA_SCP_REJECT_NONE = 0,
  DENSA_SCP_REJECT_CALLING_AE = 1,
  DENSA_SCP_REJECT_CALLED_AE = 2,
  DENSA_SCP_REJECT_HOST = 3,
  DENSA_SCP_REJECT_TOO_MANY = 4,
  DENSA_SCP_REJECT_NO_CONTEXT = 5,
  DENSA_SCP_REJECT_APPLICATION_CONTEXT = 6,
  DENSA_SCP_REJECT_STOPPING = 7,
  /** The peer connected but sent no usable A-ASSOCIATE-RQ (timeout, garbage, closed). */
  DENSA_SCP_REJECT_NO_REQUEST = 8,
  /** More TCP connections than the SCP serves at once: closed before reading a request. */
  DENSA_SCP_REJECT_TOO_MANY_CONNECTIONS = 9,
} densa_scp_reject_reason;

typedef struct {
  densa_scp_event_kind kind;
  uint64_t association_id; /* 0 when refused before an id was given */
  const char *calling_ae;  /* "" when unknown */
  const char *called_ae;
  const char *peer_address;
  densa_scp_reject_reason reason;
  /** Human-readable detail: the refused abstract syntaxes, the abort's cause, the failed
   * instance's SOP Instance UID and status text. */
  const char *detail;
  /** The instance concerned (STORE_FAILED), else "". */
  const char *sop_instance_uid;
  /** Instances stored successfully in this association (released, aborted). */
  uint32_t instances;
  /** DIMSE status sent (STORE_FAILED). */
  uint16_t status;
} densa_scp_event;

/** Called on the association's thread; returns the C-STORE status to send. With a failure
 * status it may say why in `reason` (reported in the STORE_FAILED event). Whatever is left at
 * `instance->path` when it returns is deleted. */
typedef uint16_t (*densa_scp_store_fn)(void *context, const densa_scp_instance *instance, char *reason,
                                       size_t reason_len);
/** Called on the thread where the event happened. */
typedef void (*densa_scp_event_fn)(void *context, const densa_scp_event *event);

typedef struct {
  const char *ae_title;
  /** IPv4 address to bind, e.g. "127.0.0.1" or "0.0.0.0". */
  const char *bind_address;
  /** 0 picks a free port (see densa_scp_port). */
  int port;
  const char *const *allowed_calling_ae;
  size_t allowed_calling_ae_count;
  /** Pairs (allowed_host_ae[i], allowed_host_address[i]): an AE listed here may connect only from
   * the addresses listed with it. */
  const char *const *allowed_host_ae;
  const char *const *allowed_host_address;
  size_t allowed_host_count;
  const char *const *sop_classes;
  size_t sop_class_count;
  /** In order of preference. */
  const char *const *transfer_syntaxes;
  size_t transfer_syntax_count;
  int max_associations;
  uint32_t max_pdu;
  /** Seconds: A-ASSOCIATE-RQ after connect (ARTIM), a DIMSE message once begun, between
   * commands. */
  int acse_timeout;
  int dimse_timeout;
  int idle_timeout;
  const char *temporary_directory;
  densa_scp_store_fn on_store;
  densa_scp_event_fn on_event;
  void *context;
} densa_scp_config;

typedef struct densa_scp densa_scp;

/** Binds, listens and starts accepting on its own thread. NULL with `error` set on failure. */
densa_scp *densa_scp_start(const densa_scp_config *config, char *error, size_t error_len);

/** The port actually bound. */
int densa_scp_port(const densa_scp *scp);

/** Associations negotiated and not yet ended. */
int densa_scp_active_associations(densa_scp *scp);

/** Stops accepting, lets in-flight associations go on for up to `grace_seconds`, then aborts those
 * left and waits for their threads. No callback runs after it returns. Idempotent. */
void densa_scp_stop(densa_scp *scp, double grace_seconds);

/** Stops (without grace) if needed and releases the SCP. */
void densa_scp_free(densa_scp *scp);

/* ---------------------------------------------------------------------------------------------
 * SCU
 * ------------------------------------------------------------------------------------------- */

typedef struct {
  const char *calling_ae;
  const char *called_ae;
  const char *host;
  int port;
  uint32_t max_pdu;
  /** Seconds: TCP connect, association negotiation, each DIMSE response. */
  int connect_timeout;
  int acse_timeout;
  int dimse_timeout;
} densa_scu_peer;

/* Each SCU function returns 0 on success; 2 when the association was rejected permanently, 3 when
 * rejected transiently (worth retrying later), 1 for any other failure; `error` says why. */

/** C-ECHO. */
int densa_scu_echo(const densa_scu_peer *peer, char *error, size_t error_len);

typedef struct {
  char sop_instance_uid[65];
  /** 1 when a C-STORE-RSP came back (its status in `status`), 0 when the instance was not sent or
   * no response arrived (`problem` says why). */
  int responded;
  uint16_t status;
  char problem[256];
} densa_scu_store_result;

/** C-STOREs every file over one association, each proposed in its own transfer syntax. Returns 0
 * when the association was established (per-file results in `results[i]`), else 1 with `error`. */
int densa_scu_store(const densa_scu_peer *peer, const char *const *paths, size_t count,
                    densa_scu_store_result *results, char *error, size_t error_len);

typedef struct {
  const char *study_instance_uid;
  const char *accession_number;
  const char *patient_id;
  const char *study_date;
  const char *modalities_in_study;
  /** -1 when the peer did not return it. */
  long number_of_instances;
} densa_scu_study;

typedef void (*densa_scu_study_fn)(void *context, const densa_scu_study *study);

/** Study Root C-FIND at STUDY level. `modality` goes into ModalitiesInStudy, `date_range` into
 * StudyDate ("YYYYMMDD-YYYYMMDD", either side may be empty; NULL or "" for any). Every pending
 * response is passed to `on_match`. The final status is written to *status. */
int densa_scu_find_studies(const densa_scu_peer *peer, const char *modality, const char *date_range,
                           densa_scu_study_fn on_match, void *context, uint16_t *status, char *error,
                           size_t error_len);

typedef struct {
  uint16_t status;
  int completed;
  int failed;
  int warning;
  int remaining;
} densa_scu_move_result;

/** Study Root C-MOVE of one study to `destination_ae`. */
int densa_scu_move_study(const densa_scu_peer *peer, const char *study_instance_uid,
                         const char *destination_ae, densa_scu_move_result *result, char *error,
                         size_t error_len);

#ifdef __cplusplus
}
#endif

#endif
