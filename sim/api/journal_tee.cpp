#include "sim/api/journal_tee.h"

namespace firedrill::api {

JournalStatus JournalTee::append(const JournalRecord& record) {
  JournalStatus status;
  if (downstream_) status = downstream_->append(record);
  if (listener_) listener_(record);
  return status;
}

}  // namespace firedrill::api
