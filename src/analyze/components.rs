//! Connected components and citation cycles.
//!
//! Architecture invariant: components are listed largest first, members in node (symbol)
//! order, so output is stable. Nothing here recurses on the graph's depth: petgraph's
//! `kosaraju_scc` and union-find are iterative, so a million nodes do not overflow a stack.

use std::collections::VecDeque;

use petgraph::algo::kosaraju_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::unionfind::UnionFind;
use petgraph::visit::EdgeRef;

/// Weakly connected components (citations taken in both directions), largest first, by
/// union-find. Time O((V + E) α(V)), memory O(V).
pub fn weak<N, E>(g: &DiGraph<N, E>) -> Vec<Vec<NodeIndex>> {
    let mut uf = UnionFind::<usize>::new(g.node_count());
    for e in g.edge_references() {
        uf.union(e.source().index(), e.target().index());
    }
    group(g.node_count(), |v| uf.find(v))
}

/// Strongly connected components (documents that cite each other round a cycle), largest
/// first, by Kosaraju's algorithm. Time O(V + E), memory O(V).
pub fn strong<N, E>(g: &DiGraph<N, E>) -> Vec<Vec<NodeIndex>> {
    let sccs = kosaraju_scc(g);
    let mut label = vec![0usize; g.node_count()];
    for (i, c) in sccs.iter().enumerate() {
        for v in c {
            label[v.index()] = i;
        }
    }
    group(g.node_count(), |v| label[v])
}

fn group(n: usize, mut label: impl FnMut(usize) -> usize) -> Vec<Vec<NodeIndex>> {
    let mut by: std::collections::HashMap<usize, Vec<NodeIndex>> = std::collections::HashMap::new();
    for v in 0..n {
        by.entry(label(v)).or_default().push(NodeIndex::new(v));
    }
    let mut out: Vec<Vec<NodeIndex>> = by.into_values().collect();
    out.sort_by(|a, b| b.len().cmp(&a.len()).then(a[0].cmp(&b[0])));
    out
}

/// A component number per node (0 is the largest component).
pub fn labels(components: &[Vec<NodeIndex>], n: usize) -> Vec<usize> {
    let mut out = vec![0; n];
    for (i, c) in components.iter().enumerate() {
        for v in c {
            out[v.index()] = i;
        }
    }
    out
}

/// Citation cycles: a document citing itself, or documents that cite each other round a loop
/// (a later resolution cannot be cited by an earlier one, so cycles point at joint
/// documents, corrections, or extraction errors worth a look). One shortest cycle is reported
/// per strongly connected component with more than one document (breadth-first search from
/// its first member, restricted to the component), plus every self-citation.
/// Time O(V + E).
pub fn cycles<N, E>(g: &DiGraph<N, E>) -> Vec<Vec<NodeIndex>> {
    let mut out = Vec::new();
    for v in g.node_indices() {
        if g.find_edge(v, v).is_some() {
            out.push(vec![v]);
        }
    }
    let sccs = strong(g);
    let mut comp = vec![usize::MAX; g.node_count()];
    for (i, c) in sccs.iter().enumerate() {
        for v in c {
            comp[v.index()] = i;
        }
    }
    for (i, c) in sccs.iter().enumerate() {
        if c.len() < 2 {
            continue;
        }
        let start = c[0];
        let mut parent = std::collections::HashMap::new();
        let mut queue = VecDeque::from([start]);
        let mut closing = None;
        'bfs: while let Some(v) = queue.pop_front() {
            for w in g.neighbors(v) {
                if comp[w.index()] != i {
                    continue;
                }
                if w == start && v != start {
                    closing = Some(v);
                    break 'bfs;
                }
                if w != v && !parent.contains_key(&w) {
                    parent.insert(w, v);
                    queue.push_back(w);
                }
            }
        }
        if let Some(mut v) = closing {
            let mut cycle = vec![v];
            while v != start {
                v = parent[&v];
                cycle.push(v);
            }
            cycle.reverse();
            out.push(cycle);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_and_cycles() {
        let mut g = DiGraph::<(), ()>::new();
        let n: Vec<NodeIndex> = (0..6).map(|_| g.add_node(())).collect();
        for (a, b) in [(0, 1), (1, 2), (2, 0), (3, 4), (5, 5)] {
            g.add_edge(n[a], n[b], ());
        }
        let w = weak(&g);
        assert_eq!(w.iter().map(Vec::len).collect::<Vec<_>>(), vec![3, 2, 1]);
        let s = strong(&g);
        assert_eq!(s[0], vec![n[0], n[1], n[2]]);
        assert_eq!(s.len(), 4);
        let c = cycles(&g);
        assert_eq!(c, vec![vec![n[5]], vec![n[0], n[1], n[2]]]);
    }
}
