// Runs the cluster spec files in file-name order (they share one cluster; the node kill is last).
const Sequencer = require('@jest/test-sequencer').default;

module.exports = class NameOrderSequencer extends Sequencer {
  sort(tests) {
    return [...tests].sort((a, b) => a.path.localeCompare(b.path));
  }
};
