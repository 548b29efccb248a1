#include "ui/chart/text_item_cache.h"

#include <QChart>
#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QGraphicsTextItem>

namespace nne::ui {

void cache_chart_texts(QChart& chart)
{
  if (chart.scene() == nullptr) {
    return;
  }
  for (QGraphicsItem* item : chart.scene()->items()) {
    if ((item->type() == QGraphicsTextItem::Type || item->type() == QGraphicsSimpleTextItem::Type) &&
        item->cacheMode() != QGraphicsItem::DeviceCoordinateCache) {
      item->setCacheMode(QGraphicsItem::DeviceCoordinateCache);
    }
  }
}

} // namespace nne::ui
