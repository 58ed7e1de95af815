// Runs the cluster spec files in file-name order (they share one cluster; the node kill is last
// of them), then the API e2e specs run through the cluster (CLUSTER_E2E), also in name order.
const Sequencer = require('@jest/test-sequencer').default;

const group = (path) => (path.includes('/test/cluster/') ? 0 : 1);

module.exports = class NameOrderSequencer extends Sequencer {
  sort(tests) {
    return [...tests].sort((a, b) => group(a.path) - group(b.path) || a.path.localeCompare(b.path));
  }
};
