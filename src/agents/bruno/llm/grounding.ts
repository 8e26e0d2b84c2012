/** The runtime's check, shared by every agent's model answers. */
export { ungroundedNumbers } from '../../runtime/grounding.js';
