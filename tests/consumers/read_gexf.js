// Read a GEXF file with graphology-gexf (Gephi Lite's and Sigma.js's reader) and print
// what it found as JSON: node and edge counts, and each node's attributes.
const fs = require("fs");
const Graph = require("graphology");
const gexf = require("graphology-gexf");

const graph = gexf.parse(Graph, fs.readFileSync(process.argv[2], "utf8"));
const nodes = {};
graph.forEachNode((key, attributes) => {
  nodes[key] = attributes;
});
const edges = [];
graph.forEachEdge((key, attributes, source, target) => {
  edges.push({ source, target, ...attributes });
});
process.stdout.write(JSON.stringify({ order: graph.order, size: graph.size, nodes, edges }));
