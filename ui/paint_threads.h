#pragma once

namespace nne::ui {

// Qt 6.4's raster engine hands every fill of more than about 96 rows (a chart's background, a
// tab page behind a changed label) to the global thread pool, in pieces of 64 rows, one task
// each, and waits for them all. For the window's fills the hand-off costs more than the fill, and
// while another program keeps a core busy the GUI thread waits for a worker the kernel put on
// that core: a slider step then takes a frame or two more. One worker, kept alive, takes the
// pieces in turn beside the GUI thread's own core. The explorer starts no work of its own on the
// pool. Call once, after the QApplication is made.
void use_one_paint_thread();

} // namespace nne::ui
