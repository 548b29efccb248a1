#include "ui/chart_builders.h"

#include "core/energy/design_space.h"
#include "core/energy/energy.h"
#include "core/energy/verdict.h"
#include "core/io/csv.h"
#include "core/util/format.h"
#include "ui/chart/palette.h"

#include <QObject>
#include <QStringList>

#include <algorithm>
#include <cmath>
#include <limits>

namespace nne::ui {

namespace {
constexpr EnumId<BreakdownUnit> kBreakdownUnitEntries[]{{"normalized", BreakdownUnit::normalized},
                                                        {"joules", BreakdownUnit::joules},
                                                        {"per_sample", BreakdownUnit::per_sample},
                                                        {"percent", BreakdownUnit::percent}};
} // namespace

const EnumIds<BreakdownUnit> kBreakdownUnitIds{kBreakdownUnitEntries};

namespace {

// The stacking order, bottom up, shared by every chart.
constexpr Component kStack[]{Component::weight, Component::mac, Component::activation, Component::kv_cache};

QString text(const std::string& s)
{
  return QString::fromStdString(s);
}

// Which figures drive the numbers, as they were used (an edited model's declared ones are not).
std::string counts_used(const CountProvenance& p)
{
  const CountSource all[]{p.parameters, p.macs, p.activation, p.kv_cache};
  const auto declared = std::ranges::count(all, CountSource::declared);
  return declared == 0   ? "counted from the architecture"
         : declared == 4 ? "declared by the publication"
                         : "declared by the publication where it gives them, else counted";
}

bool shown(const Scenario& scenario, Component component)
{
  return component != Component::kv_cache || scenario.model.has_kv_cache(); // only decoders have a KV cache
}

QString batch_axis_title(const Scenario& scenario)
{
  return scenario.model.is_transformer() ? QObject::tr("Batch (sequences, one %1 step each)")
                                               .arg(text(std::string(phase_id(scenario.workload.phase))))
         : scenario.model.is_cnn() ? QObject::tr("Batch (images)")
                                   : QObject::tr("Batch (samples)");
}

QString tooltip(const Scenario& scenario, const ScenarioResult& result, const Breakdown& b, Component component)
{
  return text("batch " + format_shortest(b.batch) + ", " + std::string(component_label(component)) + ": " +
              format_joules(b.joules[component]) + " per step, " + format_significant(b.normalized[component], 5) +
              " normalized, " + format_significant(100 * b.shares[component], 3) + " % of the total\n" +
              explain_component(scenario, result, component, b.batch, b.scales));
}

} // namespace

StackedBarSpec savings_spec(const Scenario& scenario, const ScenarioResult& result)
{
  constexpr double kPaperScale = 1.0 / 16;
  const bool sliders_at_one = scenario.scales == Scales{};
  const auto scale_of = [&](Component c) { return sliders_at_one ? kPaperScale : scenario.scales[c]; };

  StackedBarSpec spec;
  spec.stacked = false;
  spec.title = sliders_at_one
                   ? QObject::tr("%1: energy saved by 16x cheaper components").arg(text(display_name(scenario.model)))
                   : QObject::tr("%1: energy saved at the sliders' scales").arg(text(display_name(scenario.model)));
  spec.x_title = batch_axis_title(scenario);
  spec.y_title = QObject::tr("Reduction of today's total energy (%)");
  std::vector<Breakdown> today; // all energies as they are: what a saving is measured against
  for (double batch : scenario.batches) {
    spec.categories << text(format_shortest(batch));
    today.push_back(breakdown(result.coefficients, batch, Scales{}));
  }
  for (Component component : kStack) {
    if (!shown(scenario, component)) {
      continue;
    }
    const double scale = scale_of(component);
    BarSeriesSpec series;
    series.name = text(std::string(component_label(component)) + " at " + format_scale(scale));
    series.color = component_color(component);
    for (const Breakdown& b : today) {
      const double percent_saved = 100.0 * saving(b, component, scale); // a unit change for the axis
      series.values.push_back(percent_saved);
      series.tooltips << text("batch " + format_shortest(b.batch) + ": " + format_scale(scale) + " " +
                              std::string(component_label(component)) + " energy saves " +
                              format_significant(percent_saved, 4) + " % of the total\n(1 - " + format_scale(scale) +
                              ") x share " + format_significant(100 * b.shares[component], 4) + " %");
    }
    // Bars side by side: the axis fits the tallest one.
    spec.totals.insert(spec.totals.end(), series.values.begin(), series.values.end());
    spec.series.push_back(std::move(series));
  }
  spec.caption = scenario_caption(scenario, result);
  return spec;
}

LineChartSpec regime_spec(const Scenario& scenario, const ScenarioResult& result)
{
  // Far enough right to show the crossover, and at least the scenario's batches and 1024.
  double last = 1024;
  for (double batch : scenario.batches) {
    last = std::max(last, batch);
  }
  const std::optional<double> crossover = crossover_batch(result.coefficients, scenario.scales);
  while (crossover && last < 4 * *crossover && last < 1e9) {
    last *= 4; // powers of two keep the log axis tidy
  }
  const RegimeCurve curve = regime_curve(result.coefficients, scenario.scales, last);

  // The criterion the verdict uses: MAC energy over all the memory energy (weights, activations and
  // the KV cache, which grow with the batch). It crosses 1 exactly at the crossover batch, so line,
  // boundary, regions and verdict agree at every batch. (The paper's Fig 10c, FLOPs per parameter
  // against a weight-only ridge, does not: its ridge ignores the per-sample traffic. Its numbers
  // stay in the CSV.)
  LineChartSpec spec;
  spec.title = QObject::tr("%1: memory-bound or compute-bound?").arg(text(display_name(scenario.model)));
  spec.x_title = batch_axis_title(scenario);
  spec.y_title = QObject::tr("MAC energy / memory energy");
  LineSeriesSpec ratio{QObject::tr("MAC energy / memory energy (weights + activations + KV cache)"),
                       QColor(0x22, 0x22, 0x22),
                       {},
                       false};
  QString csv = "batch,mac_to_memory,flops_per_parameter,ridge_flops_per_parameter\n";
  for (std::size_t i = 0; i < curve.batches.size(); ++i) {
    ratio.points.emplace_back(curve.batches[i], curve.mac_to_memory[i]);
    csv += text(format_shortest(curve.batches[i]) + "," + format_shortest(curve.mac_to_memory[i]) + "," +
                format_shortest(curve.flops_per_parameter[i]) + "," + format_shortest(curve.ridge_flops_per_parameter) +
                "\n");
  }
  spec.series.push_back(std::move(ratio));
  spec.series.push_back({QObject::tr("1: MAC energy = memory energy (the boundary)"),
                         component_color(Component::weight),
                         {QPointF(curve.batches.front(), 1.0), QPointF(curve.batches.back(), 1.0)},
                         true});
  const QColor memory_bound(0x56, 0xB4, 0xE9, 60);  // light blue
  const QColor compute_bound(0xE6, 0x9F, 0x00, 60); // light orange
  if (crossover && *crossover > 1.0) {
    spec.series.push_back({QObject::tr("Energy crossover: batch %1").arg(text(format_significant(*crossover, 4))),
                           QColor(0xD5, 0x5E, 0x00),
                           {QPointF(*crossover, 0.0), QPointF(*crossover, std::numeric_limits<double>::max())},
                           true});
    spec.regions.push_back({1.0, *crossover, memory_bound, QObject::tr("Memory-bound (below 1)")});
    spec.regions.push_back({*crossover, curve.batches.back(), compute_bound, QObject::tr("Compute-bound (above 1)")});
  } else if (crossover) {
    spec.regions.push_back({1.0, curve.batches.back(), compute_bound, QObject::tr("Compute-bound from batch 1")});
  } else {
    spec.regions.push_back({1.0, curve.batches.back(), memory_bound, QObject::tr("Memory-bound at every batch")});
  }
  spec.caption = scenario_caption(scenario, result);
  spec.csv = csv;
  return spec;
}

namespace {

constexpr double kSmallestScale = 1.0 / 1024; // the sliders' range: ten halvings

// "1/16" for a power of two, else three significant digits ("0.0732").
std::string scale_text(double scale)
{
  const std::string exact = format_scale(scale);
  return exact.find('.') == std::string::npos && exact.find('e') == std::string::npos ? exact
                                                                                      : format_significant(scale, 3);
}

// 1, 1/4, 1/16, ..., 1/1024: every other halving.
std::vector<HeatMapTick> scale_ticks()
{
  std::vector<HeatMapTick> ticks;
  for (int halvings = 0; halvings <= 10; halvings += 2) {
    const double scale = std::ldexp(1.0, -halvings);
    ticks.push_back({scale, text(format_scale(scale))});
  }
  return ticks;
}

} // namespace

HeatMapSpec design_space_spec(const Scenario& scenario, const ScenarioResult& result, std::size_t cells)
{
  const double batch =
      scenario.batches.empty() ? 1.0 : *std::max_element(scenario.batches.begin(), scenario.batches.end());
  const std::vector<double> scales = log_spaced_scales(kSmallestScale, cells);
  ScaleMap map = memory_mac_scale_map(result.coefficients, batch, scales, scales);
  const ScaleMapRegions regions = scale_map_regions(result.coefficients, batch, kSmallestScale);
  const ScaleMapPoint now = scale_map_point(result.coefficients, batch, scenario.scales);

  HeatMapSpec spec;
  spec.title = QObject::tr("%1 at batch %2 (the largest): energy left")
                   .arg(text(display_name(scenario.model)), text(format_shortest(batch)));
  spec.x_title = QObject::tr("MAC energy scale (x today's)");
  spec.y_title = QObject::tr("Memory energy scale (x today's)");
  spec.value_title = QObject::tr("Energy left (x today's)");
  spec.x_values = std::move(map.mac_scales);
  spec.y_values = std::move(map.memory_scales);
  spec.values = std::move(map.relative_total);
  spec.value_low = kSmallestScale; // every energy at 1/1024: the least that can be left
  spec.value_high = 1;
  spec.x_ticks = scale_ticks();
  spec.y_ticks = spec.x_ticks;
  spec.value_ticks = spec.x_ticks;
  for (const ScaleMapPoint& end : regions.boundary) {
    spec.contour.emplace_back(end.mac_scale, end.memory_scale);
  }
  if (!spec.contour.empty()) {
    spec.contour_name = QObject::tr("Memory energy = MAC energy");
    spec.region_labels.push_back({QObject::tr("memory-bound"), Qt::AlignTop | Qt::AlignLeft});
    spec.region_labels.push_back({QObject::tr("compute-bound"), Qt::AlignBottom | Qt::AlignRight});
  } else if (regions.memory_bound_everywhere) {
    spec.region_labels.push_back({QObject::tr("memory-bound everywhere"), Qt::AlignTop | Qt::AlignLeft});
  } else {
    spec.region_labels.push_back({QObject::tr("compute-bound everywhere"), Qt::AlignBottom | Qt::AlignRight});
  }
  spec.marker = QPointF(now.mac_scale, now.memory_scale);
  spec.marker_name = QObject::tr("The sliders (memory: energy-weighted mean)");
  spec.marker_label = QObject::tr("memory %1, MAC %2: %3x today's")
                          .arg(text(scale_text(now.memory_scale)), text(scale_text(now.mac_scale)),
                               text(format_significant(now.relative_total, 3)));
  spec.caption = scenario_caption(scenario, result);
  spec.csv_corner = "memory_scale\\mac_scale";
  return spec;
}

QString scenario_caption(const Scenario& scenario, const ScenarioResult& result)
{
  const Hardware& h = scenario.hardware;
  const std::string scales = "weight " + format_scale(scenario.scales.weight) + ", MAC " +
                             format_scale(scenario.scales.mac) + ", activation " +
                             format_scale(scenario.scales.activation) + ", KV cache " +
                             format_scale(scenario.scales.kv_cache);
  const MacFigure* mac = h.mac.figure_for(scenario.precision.mac);
  std::string sources =
      "weights " + format_shortest(h.weight.energy_per_bit_pj) + " pJ/bit (" + h.weight.provenance.source + ")";
  if (mac != nullptr) {
    sources += "; " + std::string(format_name(mac->format)) + " MAC " + format_shortest(mac->energy_per_mac_pj) +
               " pJ (" + mac->provenance.source + ")";
  }
  return QObject::tr("%1, %2 on %3. Scales: %4. Counts: %5. Sources: %6.")
      .arg(text(display_name(scenario.model)), text(std::string(format_name(scenario.precision.weight))),
           text(display_name(h)), text(scales), text(counts_used(result.counts.provenance)), text(sources));
}

QString verdict_text(const Scenario& scenario, const ScenarioResult& result)
{
  const double batch =
      scenario.batches.empty() ? 1.0 : *std::max_element(scenario.batches.begin(), scenario.batches.end());
  return text(verdict(scenario, result, batch, kVerdictScale));
}

QString verdict_caption(const Scenario& scenario, const ScenarioResult& result)
{
  // In the sliders' words ("What if it were cheaper?"), so the slide reads like the panel.
  QStringList sliders;
  for (Component component : kStack) {
    if (!shown(scenario, component)) {
      continue;
    }
    const double scale = scenario.scales[component];
    const QString factor = scale == 1.0 ? QObject::tr("today's")
                                        : QObject::tr("%1x cheaper").arg(text(format_significant(1.0 / scale, 3)));
    sliders << QObject::tr("%1 %2 (%3)")
                   .arg(text(std::string(component_label(component))), text(format_scale(scale)), factor);
  }
  QString caption = QObject::tr("Verdict: %1\nWhat if it were cheaper: %2.")
                        .arg(verdict_text(scenario, result), sliders.join(QStringLiteral(", ")));
  if (result.reference.pinned) {
    caption += QObject::tr(" Relative to the pinned reference: %1.").arg(text(result.reference.label));
  }
  return caption;
}

namespace {

const ComponentEnergies& values_in(const Breakdown& b, BreakdownUnit unit)
{
  switch (unit) {
  case BreakdownUnit::normalized: return b.normalized;
  case BreakdownUnit::joules: return b.joules;
  case BreakdownUnit::per_sample: return b.per_sample;
  case BreakdownUnit::percent: break;
  }
  return b.shares; // stacked to 100 % by the percent chart
}

// One bar per breakdown, one stacked series per component, in the shared order and colours.
void stack_components(StackedBarSpec& spec, const Scenario& scenario, const ScenarioResult& result,
                      const std::vector<const Breakdown*>& bars, BreakdownUnit unit)
{
  for (const Breakdown* b : bars) {
    spec.totals.push_back(values_in(*b, unit).total());
  }
  for (Component component : kStack) {
    if (!shown(scenario, component)) {
      continue;
    }
    BarSeriesSpec series;
    series.name = text(std::string(component_label(component)));
    series.color = component_color(component);
    for (const Breakdown* b : bars) {
      series.values.push_back(values_in(*b, unit)[component]);
      series.tooltips << tooltip(scenario, result, *b, component);
    }
    spec.series.push_back(std::move(series));
  }
}

} // namespace

QString relative_unit(const ScenarioResult& result)
{
  return result.reference.pinned
             ? QObject::tr("Energy (x the pinned reference: %1, batch 1)").arg(text(result.reference.label))
             : QObject::tr("Energy (x batch 1, every slider at 1)");
}

StackedBarSpec breakdown_spec(const Scenario& scenario, const ScenarioResult& result, BreakdownUnit unit)
{
  StackedBarSpec spec;
  const QString model = text(display_name(scenario.model));
  spec.x_title = batch_axis_title(scenario);
  spec.percent = unit == BreakdownUnit::percent;
  // The title says what a bar is, the axis its unit: they name the same quantity.
  switch (unit) {
  case BreakdownUnit::normalized:
    spec.title = QObject::tr("%1: energy per step, relative").arg(model);
    spec.y_title = relative_unit(result);
    break;
  case BreakdownUnit::joules:
    spec.title = QObject::tr("%1: energy per step").arg(model);
    spec.y_title = QObject::tr("Energy per step (J)");
    break;
  case BreakdownUnit::per_sample:
    spec.title = QObject::tr("%1: energy per sample").arg(model);
    spec.y_title = QObject::tr("Energy per sample (J)");
    break;
  case BreakdownUnit::percent:
    spec.title = QObject::tr("%1: shares of the energy per step").arg(model);
    spec.y_title = QObject::tr("Share of the energy (%)");
    break;
  }
  std::vector<const Breakdown*> bars;
  for (const Breakdown& b : result.breakdowns) {
    spec.categories << text(format_shortest(b.batch));
    bars.push_back(&b);
  }
  stack_components(spec, scenario, result, bars, unit);
  spec.caption = scenario_caption(scenario, result);
  return spec;
}

SmallMultiplesSpec sweep_panels(const Scenario& scenario, const ScenarioResult& result, bool log_scale)
{
  const Component swept = result.sweep.component;
  SmallMultiplesSpec multiples;
  multiples.title =
      QObject::tr("%1: %2 energy scaled. %3")
          .arg(text(display_name(scenario.model)), text(std::string(component_label(swept))), relative_unit(result));
  multiples.caption = scenario_caption(scenario, result);
  multiples.csv = QString::fromStdString(sweep_csv(result.sweep));
  double top = 0; // one axis for every panel, so that panels compare
  for (const SweepRow& row : result.sweep.rows) {
    top = std::max(top, row.breakdown.normalized.total());
  }
  for (double batch : scenario.batches) {
    StackedBarSpec panel;
    panel.title = QObject::tr("batch %1").arg(text(format_shortest(batch)));
    panel.x_title = QObject::tr("scale of the %1 energy").arg(text(std::string(component_label(swept))));
    // Short, as a panel is small; the title above the grid says it in full.
    panel.y_title = result.reference.pinned ? QObject::tr("x pinned reference") : QObject::tr("x batch 1 today");
    std::vector<const Breakdown*> bars;
    for (const SweepRow& row : result.sweep.rows) {
      if (row.batch == batch) {
        panel.categories << text(format_scale(row.scale));
        bars.push_back(&row.breakdown);
      }
    }
    stack_components(panel, scenario, result, bars, BreakdownUnit::normalized);
    panel.y_maximum = top * 1.08;
    panel.log_scale = log_scale;
    multiples.panels.push_back(std::move(panel));
  }
  return multiples;
}

} // namespace nne::ui
