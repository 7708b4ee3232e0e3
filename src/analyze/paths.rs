//! Citation paths between two documents: how a norm travelled from one resolution to another.
//!
//! Architecture invariant: paths follow citations in their direction (citing → cited) and
//! are returned shortest first, then in symbol order, so output is stable.

use std::hash::RandomState;

use petgraph::algo::{all_simple_paths, astar};
use petgraph::graph::{DiGraph, NodeIndex};

use super::Node;

/// A shortest citation path from `from` to `to` (A* with unit costs and no heuristic, that is
/// breadth-first). Time O(V + E).
pub fn shortest<E>(g: &DiGraph<Node, E>, from: NodeIndex, to: NodeIndex) -> Option<Vec<NodeIndex>> {
    astar(g, from, |n| n == to, |_| 1usize, |_| 0).map(|(_, path)| path)
}

/// Every simple citation path from `from` to `to` with at most `max_hops` citations, shortest
/// first, at most `limit` of them. The enumeration is depth-first with a bound on the length:
/// exponential in `max_hops` on dense graphs in the worst case, which is why both bounds exist.
pub fn all<E>(
    g: &DiGraph<Node, E>,
    from: NodeIndex,
    to: NodeIndex,
    max_hops: usize,
    limit: usize,
) -> Vec<Vec<NodeIndex>> {
    if from == to || max_hops == 0 {
        return Vec::new();
    }
    // Collect a bounded number first, so a dense graph cannot exhaust memory.
    let mut paths: Vec<Vec<NodeIndex>> =
        all_simple_paths::<Vec<NodeIndex>, _, RandomState>(g, from, to, 0, Some(max_hops - 1))
            .take(limit.saturating_mul(20).max(1000))
            .collect();
    paths.sort_by(|a, b| {
        a.len().cmp(&b.len()).then_with(|| {
            let sa: Vec<&str> = a.iter().map(|n| g[*n].symbol.as_str()).collect();
            let sb: Vec<&str> = b.iter().map(|n| g[*n].symbol.as_str()).collect();
            sa.cmp(&sb)
        })
    });
    paths.truncate(limit);
    paths
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_shortest_first() {
        let mut g = DiGraph::<Node, ()>::new();
        let n: Vec<NodeIndex> = ["a", "b", "c", "d"]
            .iter()
            .map(|s| {
                g.add_node(Node {
                    symbol: s.to_string(),
                    ..Node::default()
                })
            })
            .collect();
        for (a, b) in [(0, 1), (1, 3), (0, 2), (2, 1), (0, 3)] {
            g.add_edge(n[a], n[b], ());
        }
        assert_eq!(shortest(&g, n[0], n[3]), Some(vec![n[0], n[3]]));
        assert_eq!(shortest(&g, n[3], n[0]), None);
        let all3 = all(&g, n[0], n[3], 3, 10);
        assert_eq!(
            all3,
            vec![
                vec![n[0], n[3]],
                vec![n[0], n[1], n[3]],
                vec![n[0], n[2], n[1], n[3]]
            ]
        );
        assert_eq!(all(&g, n[0], n[3], 2, 10).len(), 2);
        assert_eq!(all(&g, n[0], n[3], 3, 1).len(), 1);
    }
}
