//! Query deadlines: one watchdog thread cancels every query whose time is up.
//!
//! A query registers its cancellation token with a deadline and unregisters when it is done
//! (the [`Deadline`] guard does it on drop). The watchdog sleeps until the earliest deadline,
//! so it costs nothing while no query runs.

use std::collections::BTreeMap;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use crate::store::query::CancellationToken;

#[derive(Default)]
struct Inner {
    /// (deadline, sequence number) → token.
    pending: BTreeMap<(Instant, u64), CancellationToken>,
    next: u64,
}

/// Cancels queries whose deadline has passed.
pub(crate) struct Watchdog {
    shared: Arc<(Mutex<Inner>, Condvar)>,
}

/// A registered deadline; dropping it unregisters the query.
pub(crate) struct Deadline<'a> {
    watchdog: &'a Watchdog,
    key: (Instant, u64),
    token: CancellationToken,
}

impl Deadline<'_> {
    /// The token to hand to the query.
    pub fn token(&self) -> CancellationToken {
        self.token.clone()
    }

    /// Whether the watchdog cancelled the query.
    pub fn expired(&self) -> bool {
        self.token.is_cancelled()
    }
}

impl Drop for Deadline<'_> {
    fn drop(&mut self) {
        let (lock, _) = &*self.watchdog.shared;
        lock.lock()
            .unwrap_or_else(|e| e.into_inner())
            .pending
            .remove(&self.key);
    }
}

impl Watchdog {
    /// Starts the watchdog thread. It ends when the watchdog is dropped.
    pub fn start() -> Watchdog {
        let shared: Arc<(Mutex<Inner>, Condvar)> = Arc::default();
        let weak = Arc::downgrade(&shared);
        let spawned = std::thread::Builder::new()
            .name("unkg query watchdog".into())
            .spawn(move || {
                while let Some(shared) = weak.upgrade() {
                    let (lock, cvar) = &*shared;
                    let mut inner = lock.lock().unwrap_or_else(|e| e.into_inner());
                    let now = Instant::now();
                    while let Some((&key, _)) = inner.pending.first_key_value() {
                        if key.0 > now {
                            break;
                        }
                        if let Some(token) = inner.pending.remove(&key) {
                            token.cancel();
                        }
                    }
                    // Wake at the next deadline, or after a while to notice being dropped.
                    let wait = inner
                        .pending
                        .first_key_value()
                        .map(|((t, _), _)| t.saturating_duration_since(now))
                        .unwrap_or(Duration::from_secs(1))
                        .min(Duration::from_secs(1));
                    let _ = cvar.wait_timeout(inner, wait);
                }
            });
        if let Err(e) = spawned {
            // Without the thread queries still run, only without a deadline.
            eprintln!("unkg: cannot start the query watchdog: {e}");
        }
        Watchdog { shared }
    }

    /// Registers a query that must be done within `limit`.
    pub fn deadline(&self, limit: Duration) -> Deadline<'_> {
        let token = CancellationToken::new();
        let (lock, cvar) = &*self.shared;
        let mut inner = lock.lock().unwrap_or_else(|e| e.into_inner());
        inner.next += 1;
        let key = (Instant::now() + limit, inner.next);
        inner.pending.insert(key, token.clone());
        cvar.notify_all();
        Deadline {
            watchdog: self,
            key,
            token,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadlines_cancel_only_late_queries() {
        let w = Watchdog::start();
        let late = w.deadline(Duration::from_millis(50));
        let on_time = w.deadline(Duration::from_secs(60));
        std::thread::sleep(Duration::from_millis(300));
        assert!(late.expired());
        assert!(!on_time.expired());
        drop(on_time);
        assert!(w.shared.0.lock().unwrap().pending.is_empty());
    }
}
