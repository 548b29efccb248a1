#include "ui/paint_threads.h"

#include <QThreadPool>

namespace nne::ui {

void use_one_paint_thread()
{
  QThreadPool* pool = QThreadPool::globalInstance();
  pool->setMaxThreadCount(1);
  pool->setExpiryTimeout(-1); // a worker started once is not started again after an idle half minute
}

} // namespace nne::ui
