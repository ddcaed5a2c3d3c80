//! Which tab runs the background work (the simulated recipients): a lease over the shared store.
//!
//! The leader writes `cpsb-leader` = `<tab id> <expiry in ms>` and renews it at every heartbeat;
//! another tab takes it over only once it has expired or was released (the leader's tab closed).
//! Two tabs racing for a free lease may both believe they lead for one heartbeat: at the next one,
//! each reads back the stored holder and the loser steps down. Background commits stay safe
//! meanwhile (revisions and read sets refuse the second writer; the failure is silent).

use crate::kv::{KvStore, StoreError};

/// The lease's key in localStorage (outside the records: never exported, never loaded).
pub const LEADER_KEY: &str = "cpsb-leader";
/// This tab's id, in sessionStorage: a reloaded tab keeps its lease.
pub const TAB_KEY: &str = "cpsb-tab";
/// How long a lease lasts without renewal.
pub const LEASE_MS: i64 = 15_000;
/// How often the leader renews it (and the others look whether it expired).
pub const HEARTBEAT_MS: u32 = 5_000;

/// A lease as stored: its holder and when it expires (ms since the epoch).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lease {
    pub tab: String,
    pub expires_ms: i64,
}

impl Lease {
    /// `None` for anything this version did not write (then the lease counts as free).
    pub fn parse(raw: &str) -> Option<Lease> {
        let (tab, expires) = raw.split_once(' ')?;
        let expires_ms = expires.parse::<i64>().ok()?;
        (!tab.is_empty()).then(|| Lease {
            tab: tab.to_string(),
            expires_ms,
        })
    }

    pub fn to_raw(&self) -> String {
        format!("{} {}", self.tab, self.expires_ms)
    }
}

/// The heartbeat: `tab` takes the lease if it is free, expired, unreadable or already its own,
/// and renews it; returns whether `tab` leads now.
pub fn heartbeat(store: &mut dyn KvStore, tab: &str, now_ms: i64) -> Result<bool, StoreError> {
    let current = store.get(LEADER_KEY)?.as_deref().and_then(Lease::parse);
    let free = match &current {
        None => true,
        Some(l) => l.tab == tab || l.expires_ms <= now_ms,
    };
    if !free {
        return Ok(false);
    }
    let lease = Lease {
        tab: tab.to_string(),
        expires_ms: now_ms.saturating_add(LEASE_MS),
    };
    store.set(LEADER_KEY, &lease.to_raw())?;
    // Read back: of two tabs writing in the same instant, the one overwritten gives way.
    let holder = store.get(LEADER_KEY)?.as_deref().and_then(Lease::parse);
    Ok(holder.is_some_and(|l| l.tab == tab))
}

/// The leader's tab closes: the lease is freed at once for the others' next heartbeat.
pub fn release(store: &mut dyn KvStore, tab: &str) -> Result<(), StoreError> {
    let current = store.get(LEADER_KEY)?.as_deref().and_then(Lease::parse);
    if current.is_some_and(|l| l.tab == tab) {
        store.remove(LEADER_KEY)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kv::MemoryStore;

    #[test]
    fn one_tab_leads_until_it_closes_or_its_lease_expires() {
        let mut store = MemoryStore::new();
        assert_eq!(
            heartbeat(&mut store, "a", 1_000),
            Ok(true),
            "free: a takes it"
        );
        assert_eq!(heartbeat(&mut store, "b", 2_000), Ok(false), "a holds it");
        assert_eq!(heartbeat(&mut store, "a", 6_000), Ok(true), "a renews");
        assert_eq!(
            heartbeat(&mut store, "b", 6_000 + LEASE_MS - 1),
            Ok(false),
            "renewed: not expired yet"
        );
        // a stopped beating (frozen or crashed): b takes over once the lease expired.
        assert_eq!(heartbeat(&mut store, "b", 6_000 + LEASE_MS), Ok(true));
        assert_eq!(heartbeat(&mut store, "a", 6_000 + LEASE_MS + 1), Ok(false));
        // b closes: released, a takes over at its next heartbeat.
        release(&mut store, "a").unwrap();
        assert!(
            store.get(LEADER_KEY).unwrap().is_some(),
            "only the holder releases"
        );
        release(&mut store, "b").unwrap();
        assert_eq!(store.get(LEADER_KEY), Ok(None));
        assert_eq!(heartbeat(&mut store, "a", 30_000), Ok(true));
    }

    #[test]
    fn an_unreadable_lease_counts_as_free() {
        for raw in ["", "a", "a b", " 12", "a 99999999999999999999999"] {
            let mut store = MemoryStore::new();
            store.set(LEADER_KEY, raw).unwrap();
            assert_eq!(heartbeat(&mut store, "t", 0), Ok(true), "{raw:?}");
            assert_eq!(
                Lease::parse(&store.get(LEADER_KEY).unwrap().unwrap()),
                Some(Lease {
                    tab: "t".into(),
                    expires_ms: LEASE_MS
                })
            );
        }
        assert_eq!(
            Lease::parse("t 9223372036854775807").map(|l| l.expires_ms),
            Some(i64::MAX)
        );
        let mut store = MemoryStore::new();
        assert_eq!(
            heartbeat(&mut store, "t", i64::MAX),
            Ok(true),
            "no overflow"
        );
    }

    #[test]
    fn a_full_store_is_an_error_not_a_leader() {
        let mut store = MemoryStore::with_quota(4);
        assert_eq!(heartbeat(&mut store, "a", 0), Err(StoreError::Quota));
    }
}
