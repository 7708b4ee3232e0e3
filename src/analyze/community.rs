//! Communities of documents by the Louvain method (Blondel, Guillaume, Lambiotte and Lefebvre,
//! "Fast unfolding of communities in large networks", J. Stat. Mech. 2008, P10008):
//! modularity maximised by moving single nodes to the neighbouring community of best gain,
//! then folding each community into one node and starting again, until nothing moves.
//!
//! Architecture invariant: seeded and deterministic. Nodes are visited in an order shuffled by
//! the seed; ties go to the lower community number. Citations are taken as undirected links
//! (a citation ties two documents whichever way it points), weighted by the edge weight given.
//! petgraph has no community detection, hence this module; each pass is O(V + E).

use std::collections::BTreeMap;

use petgraph::graph::DiGraph;
use petgraph::visit::EdgeRef;

/// Parameters of [`louvain`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LouvainParams {
    /// Resolution γ: above 1 gives more, smaller communities (1.0).
    pub resolution: f64,
    /// Seed of the visiting order (0).
    pub seed: u64,
    /// Most local-moving passes per level (50).
    pub max_passes: usize,
}

impl Default for LouvainParams {
    fn default() -> Self {
        LouvainParams {
            resolution: 1.0,
            seed: 0,
            max_passes: 50,
        }
    }
}

/// A partition: a community per node (0 is the largest) and its modularity.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Partition {
    /// Community of each node, by node index.
    pub membership: Vec<usize>,
    /// Number of communities.
    pub communities: usize,
    /// Newman–Girvan modularity of the partition.
    pub modularity: f64,
    /// Levels of folding run.
    pub levels: usize,
}

/// Symmetric weighted adjacency, self-loops included (as the sum of both directions).
type Adjacency = Vec<Vec<(usize, f64)>>;

/// Louvain communities of `g`, each edge weighing `weight(e)`. O(V + E) per pass; a few
/// passes per level and a few levels in practice.
pub fn louvain<N, E>(
    g: &DiGraph<N, E>,
    weight: impl Fn(&E) -> f64,
    p: &LouvainParams,
) -> Partition {
    let n = g.node_count();
    let mut rows: Vec<BTreeMap<usize, f64>> = vec![BTreeMap::new(); n];
    for e in g.edge_references() {
        let (a, b, w) = (e.source().index(), e.target().index(), weight(e.weight()));
        *rows[a].entry(b).or_default() += w;
        *rows[b].entry(a).or_default() += w;
    }
    let mut adj: Adjacency = rows.into_iter().map(|r| r.into_iter().collect()).collect();
    let mut membership: Vec<usize> = (0..n).collect();
    let mut rng = fastrand::Rng::with_seed(p.seed);
    let mut levels = 0;
    loop {
        let (community, moved) = local_moving(&adj, p, &mut rng);
        levels += 1;
        // Renumber communities densely, in order of first appearance.
        let mut number = vec![usize::MAX; adj.len()];
        let mut next = 0;
        for &c in &community {
            if number[c] == usize::MAX {
                number[c] = next;
                next += 1;
            }
        }
        for m in membership.iter_mut() {
            *m = number[community[*m]];
        }
        if !moved || next == adj.len() {
            break;
        }
        adj = fold(&adj, &community, &number, next);
    }
    let (membership, communities) = by_size(&membership);
    Partition {
        modularity: modularity(g, &weight, &membership, p.resolution),
        membership,
        communities,
        levels,
    }
}

fn degrees(adj: &Adjacency) -> Vec<f64> {
    adj.iter().map(|r| r.iter().map(|(_, w)| w).sum()).collect()
}

/// One level: moves nodes until no move improves modularity. Returns each node's community
/// and whether any node moved.
fn local_moving(adj: &Adjacency, p: &LouvainParams, rng: &mut fastrand::Rng) -> (Vec<usize>, bool) {
    let n = adj.len();
    let k = degrees(adj);
    let m2: f64 = k.iter().sum();
    let mut community: Vec<usize> = (0..n).collect();
    if m2 <= 0.0 {
        return (community, false);
    }
    let mut tot = k.clone();
    let mut order: Vec<usize> = (0..n).collect();
    rng.shuffle(&mut order);
    let mut links: Vec<f64> = vec![0.0; n];
    let mut touched: Vec<usize> = Vec::new();
    let mut moved_any = false;
    for _ in 0..p.max_passes.max(1) {
        let mut moved = false;
        for &i in &order {
            let own = community[i];
            for &(j, w) in &adj[i] {
                if j != i {
                    let c = community[j];
                    if links[c] == 0.0 {
                        touched.push(c);
                    }
                    links[c] += w;
                }
            }
            tot[own] -= k[i];
            let gain = |c: usize, l: f64| l - p.resolution * tot[c] * k[i] / m2;
            let mut best = (own, gain(own, links[own]));
            touched.sort_unstable();
            for &c in &touched {
                let g = gain(c, links[c]);
                if g > best.1 + 1e-12 {
                    best = (c, g);
                }
            }
            tot[best.0] += k[i];
            if best.0 != own {
                community[i] = best.0;
                moved = true;
            }
            for &c in &touched {
                links[c] = 0.0;
            }
            links[own] = 0.0;
            touched.clear();
        }
        moved_any |= moved;
        if !moved {
            break;
        }
    }
    (community, moved_any)
}

/// The graph of communities: one node per community, edge weights summed, internal weight as
/// a self-loop.
fn fold(adj: &Adjacency, community: &[usize], number: &[usize], count: usize) -> Adjacency {
    let mut rows: Vec<BTreeMap<usize, f64>> = vec![BTreeMap::new(); count];
    for (i, r) in adj.iter().enumerate() {
        let ci = number[community[i]];
        for &(j, w) in r {
            *rows[ci].entry(number[community[j]]).or_default() += w;
        }
    }
    rows.into_iter().map(|r| r.into_iter().collect()).collect()
}

/// Renumbers communities by size, largest first (ties: lowest first member).
fn by_size(membership: &[usize]) -> (Vec<usize>, usize) {
    let count = membership.iter().max().map_or(0, |m| m + 1);
    let mut size = vec![(0usize, usize::MAX); count];
    for (v, &c) in membership.iter().enumerate() {
        size[c].0 += 1;
        size[c].1 = size[c].1.min(v);
    }
    let mut order: Vec<usize> = (0..count).collect();
    order.sort_by(|&a, &b| size[b].0.cmp(&size[a].0).then(size[a].1.cmp(&size[b].1)));
    let mut rank = vec![0; count];
    for (r, &c) in order.iter().enumerate() {
        rank[c] = r;
    }
    (membership.iter().map(|&c| rank[c]).collect(), count)
}

/// Newman–Girvan modularity of a partition of `g` taken as undirected:
/// Q = Σ_c [ in_c / 2m − γ (tot_c / 2m)² ]. O(V + E).
pub fn modularity<N, E>(
    g: &DiGraph<N, E>,
    weight: impl Fn(&E) -> f64,
    membership: &[usize],
    resolution: f64,
) -> f64 {
    let count = membership.iter().max().map_or(0, |m| m + 1);
    let (mut inside, mut tot, mut m2) = (vec![0.0; count], vec![0.0; count], 0.0);
    for e in g.edge_references() {
        let (a, b, w) = (e.source().index(), e.target().index(), weight(e.weight()));
        let (ca, cb) = (membership[a], membership[b]);
        if ca == cb {
            inside[ca] += 2.0 * w;
        }
        tot[ca] += w;
        tot[cb] += w;
        m2 += 2.0 * w;
    }
    if m2 == 0.0 {
        return 0.0;
    }
    (0..count)
        .map(|c| inside[c] / m2 - resolution * (tot[c] / m2).powi(2))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use petgraph::graph::NodeIndex;

    #[test]
    fn two_triangles_joined_by_a_bridge() {
        let mut g = DiGraph::<(), ()>::new();
        let n: Vec<NodeIndex> = (0..6).map(|_| g.add_node(())).collect();
        for (a, b) in [(0, 1), (1, 2), (2, 0), (3, 4), (4, 5), (5, 3), (2, 3)] {
            g.add_edge(n[a], n[b], ());
        }
        let p = louvain(&g, |_| 1.0, &LouvainParams::default());
        assert_eq!(p.communities, 2);
        assert_eq!(p.membership[0], p.membership[1]);
        assert_eq!(p.membership[1], p.membership[2]);
        assert_eq!(p.membership[3], p.membership[5]);
        assert_ne!(p.membership[0], p.membership[3]);
        // Q = 2 · (6/14 − (7/14)²) = 5/14.
        assert!(
            (p.modularity - 5.0 / 14.0).abs() < 1e-12,
            "{}",
            p.modularity
        );
        // Same seed, same answer; the partition does not depend on the seed here.
        assert_eq!(louvain(&g, |_| 1.0, &LouvainParams::default()), p);
        let other = louvain(
            &g,
            |_| 1.0,
            &LouvainParams {
                seed: 7,
                ..LouvainParams::default()
            },
        );
        assert_eq!(other.communities, 2);
    }

    #[test]
    fn no_edges_no_communities_to_merge() {
        let mut g = DiGraph::<(), ()>::new();
        g.add_node(());
        g.add_node(());
        let p = louvain(&g, |_| 1.0, &LouvainParams::default());
        assert_eq!((p.communities, p.modularity), (2, 0.0));
    }
}
