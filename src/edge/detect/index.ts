/** The edge detector: one streaming model per series, used by the collector and `homelab detect`. */
export { createDetector, type Detector, type DetectResult } from './detector.js';
export { defaultDetectorConfig, type DetectorConfig } from './config.js';
export { detectCsv } from './csv.js';
export type { SeriesState } from './series-model.js';
