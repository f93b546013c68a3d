//! A bounded queue from the analysis thread to the writing thread (of [`crate::ingest`]) that hands articles over in
//! runs rather than one at a time.
//!
//! With `std::sync::mpsc::sync_channel`, once the queue is full the two threads take turns at
//! every article: the writer takes one, which wakes the analyzer, which adds one and sleeps
//! again. On one core that is two context switches per article, and each switch evicts the
//! other thread's working set (tagger weights on one side, SQLite's page cache on the other).
//! Here a full queue wakes the sender only once it is half empty, and an empty queue wakes the
//! receiver only once `gather` items are in, or the first item has waited `gather_time`, or
//! the sender is gone: articles still flow at once when input is slow.

use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

struct State<T> {
    queue: VecDeque<T>,
    /// When the queue last went from empty to non-empty.
    first_at: Option<Instant>,
    sender_gone: bool,
    receiver_gone: bool,
}

struct Shared<T> {
    state: Mutex<State<T>>,
    /// Signalled when the receiver should look (enough items, or the sender left).
    ready: Condvar,
    /// Signalled when the queue has room again (half empty), or the receiver left.
    room: Condvar,
    capacity: usize,
    gather: usize,
    gather_time: Duration,
}

impl<T> Shared<T> {
    fn lock(&self) -> MutexGuard<'_, State<T>> {
        // A panic while holding the lock leaves a consistent queue: keep going.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The sending half (analysis thread).
pub struct Sender<T>(Arc<Shared<T>>);

/// The receiving half (writing thread).
pub struct Receiver<T>(Arc<Shared<T>>);

/// A queue holding at most `capacity` items; the receiver is woken for runs of `gather`
/// items or after `gather_time`.
pub fn channel<T>(
    capacity: usize,
    gather: usize,
    gather_time: Duration,
) -> (Sender<T>, Receiver<T>) {
    let capacity = capacity.max(1);
    let shared = Arc::new(Shared {
        state: Mutex::new(State {
            queue: VecDeque::with_capacity(capacity),
            first_at: None,
            sender_gone: false,
            receiver_gone: false,
        }),
        ready: Condvar::new(),
        room: Condvar::new(),
        capacity,
        gather: gather.clamp(1, capacity),
        gather_time,
    });
    (Sender(shared.clone()), Receiver(shared))
}

impl<T> Sender<T> {
    /// Add an item, waiting while the queue is full. `Err` gives it back when the receiver
    /// is gone.
    pub fn send(&self, item: T) -> Result<(), T> {
        let s = &self.0;
        let mut st = s.lock();
        while st.queue.len() >= s.capacity && !st.receiver_gone {
            st = s.room.wait(st).unwrap_or_else(|e| e.into_inner());
        }
        if st.receiver_gone {
            return Err(item);
        }
        if st.queue.is_empty() {
            st.first_at = Some(Instant::now());
        }
        st.queue.push_back(item);
        let n = st.queue.len();
        drop(st);
        // The first item starts the receiver's gather clock; a full run wakes it.
        if n == 1 || n == s.gather {
            s.ready.notify_one();
        }
        Ok(())
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        self.0.lock().sender_gone = true;
        self.0.ready.notify_all();
    }
}

impl<T> Receiver<T> {
    /// The next item: at once when one is queued and the run is complete, else after waiting
    /// at most `timeout` (`None`: as long as it takes). `None` when the timeout passed with
    /// nothing queued, or the sender is gone and the queue is empty.
    pub fn recv(&self, timeout: Option<Duration>) -> Option<T> {
        let s = &self.0;
        let deadline = timeout.map(|t| Instant::now() + t);
        let mut st = s.lock();
        loop {
            let now = Instant::now();
            let len = st.queue.len();
            let gathered = len >= s.gather
                || st.sender_gone
                || st
                    .first_at
                    .is_some_and(|t| now.duration_since(t) >= s.gather_time)
                || deadline.is_some_and(|d| now >= d);
            if len > 0 && gathered {
                let item = st.queue.pop_front();
                let left = st.queue.len();
                if left == 0 {
                    st.first_at = None;
                }
                drop(st);
                // Wake the sender once the queue is half empty, not at every item.
                if left == s.capacity / 2 {
                    s.room.notify_one();
                }
                return item;
            }
            if len == 0 && st.sender_gone {
                return None;
            }
            // How long to sleep: until the gather time of a queued item, or the deadline.
            let mut until = deadline;
            if let Some(t) = st.first_at.filter(|_| len > 0) {
                let g = t + s.gather_time;
                until = Some(until.map_or(g, |d| d.min(g)));
            }
            st = match until {
                Some(u) if u <= now => return None,
                Some(u) => {
                    s.ready
                        .wait_timeout(st, u - now)
                        .unwrap_or_else(|e| e.into_inner())
                        .0
                }
                None => s.ready.wait(st).unwrap_or_else(|e| e.into_inner()),
            };
        }
    }
}

impl<T> Drop for Receiver<T> {
    fn drop(&mut self) {
        self.0.lock().receiver_gone = true;
        self.0.room.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_arrive_in_order_and_the_end_is_seen() {
        let (tx, rx) = channel::<usize>(8, 4, Duration::from_millis(5));
        let t = std::thread::spawn(move || {
            for i in 0..1000 {
                tx.send(i).unwrap();
            }
        });
        let got: Vec<usize> = std::iter::from_fn(|| rx.recv(None)).collect();
        t.join().unwrap();
        assert_eq!(got, (0..1000).collect::<Vec<_>>());
    }

    #[test]
    fn a_lone_item_is_delivered_after_the_gather_time() {
        let (tx, rx) = channel::<u8>(8, 4, Duration::from_millis(20));
        tx.send(1).unwrap();
        let t = Instant::now();
        assert_eq!(rx.recv(None), Some(1));
        assert!(t.elapsed() < Duration::from_secs(5));
        // Nothing queued: the timeout passes.
        assert_eq!(rx.recv(Some(Duration::from_millis(10))), None);
        drop(tx);
        assert_eq!(rx.recv(None), None);
    }

    #[test]
    fn the_sender_stops_when_the_receiver_is_gone() {
        let (tx, rx) = channel::<u8>(2, 1, Duration::from_millis(1));
        tx.send(1).unwrap();
        tx.send(2).unwrap();
        drop(rx);
        assert_eq!(tx.send(3), Err(3));
    }
}
