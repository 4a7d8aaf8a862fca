/**
 * The simulated private cloud (domain.md "The platform being watched"): what `--simulate` runs,
 * writing only through the IngestPort, plus its scripted stories and the remedies runbooks use.
 */
export {
  createSimulatedCloud,
  DEFAULT_SAMPLE_INTERVAL_MS,
  MAX_CATCH_UP_MS,
  type ActiveScenario,
  type ScenarioInfo,
  type SimulatedCloud,
  type SimulatedCloudOptions,
} from './simulated-cloud.js';
export { DEFAULT_SCALE } from './platform-builder.js';
export { SCENARIO_NAMES, type ScenarioName, type ScenarioPhase } from './scenario-registry.js';
export { REMEDY_ACTIONS, type RemedyAction, type RemedyInfo, type SiteDc } from './remedy-registry.js';
export { MAX_INSTANCES, type RemedyCommand, type RemedyReceipt, type Remedies } from './remedies.js';
export { SimulatorError } from './simulator-error.js';
export { SIM_TENANTS } from './system-catalog.js';
export { dailyShape, loadShape } from './load-shape.js';
