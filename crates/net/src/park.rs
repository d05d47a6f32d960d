//! The parking lot: where idle connections wait without a task.
//!
//! A connection served by a tokio task costs that task (a 256-byte, cache-line aligned cell)
//! and its socket's registration with tokio's reactor (another 256 bytes) for as long as it is
//! open, idle or not. An idle client (the usual IoT client: connect, subscribe, and wait for
//! hours) needs neither. When the broker's sweep finds a connection idle, the connection hands
//! its handler, its control channel and its socket to the lot and its task ends. The lot keeps
//! the socket in an epoll set of its own (through mio: no memory per socket outside the kernel)
//! and registers one small waker with the session's wake and the control channel. The first of
//! bytes (or the end) on the socket, a delivery, or a control message (takeover, kick,
//! keepalive expiry, shutdown) spawns the connection again.
//!
//! Nothing is lost across a park: the handler parks only with nothing buffered in either
//! direction, the epoll registration reports bytes that arrived before it, and the waker is
//! registered before the connection is given up, so a wake from then on reaches the lot.
//!
//! A TLS or WebSocket connection parks its TCP socket alone: its protocol state (the rustls
//! session, the WebSocket framing) stays with the parked handler, inside its [`crate::Stream`],
//! and the socket goes back into it on resume (see [`crate::Stream::take_socket`]).

use std::os::fd::AsRawFd;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll, Wake, Waker};
use std::time::Duration;

use atomic_waker::AtomicWaker;
use mio::unix::SourceFd;
use mio::{Events, Interest, Token};
use parking_lot::Mutex;
use tokio::io::unix::AsyncFd;
use tokio::task::JoinHandle;
use tracing::warn;

/// Most readiness events taken from the lot's epoll set at once.
const EVENTS: usize = 1024;
/// A token is a slot index in its low bits and the slot's generation above them.
const INDEX_BITS: u32 = 32;
const _: () = assert!(
    usize::BITS >= 2 * INDEX_BITS,
    "tokens pack a 32-bit slot index and a 32-bit generation"
);

/// A parked connection, type-erased: it knows how to get going again on its socket.
pub trait Resume: Send {
    /// Spawns the connection's task again, on `stream`.
    fn resume(self: Box<Self>, stream: std::net::TcpStream);
}

/// A parked connection with its socket.
struct Slot {
    /// Bumped each time the slot is freed, so that a stale wake (from an earlier tenant of the
    /// slot) is told apart.
    generation: u32,
    parked: Option<(Box<dyn Resume>, std::net::TcpStream)>,
}

/// What the lot's wakers and its task share.
struct Shared {
    registry: mio::Registry,
    slots: Mutex<Slots>,
    /// Tokens whose connection was woken by a delivery or a control message.
    woken: Mutex<Vec<Token>>,
    /// The lot's task.
    task: AtomicWaker,
    /// The lot takes no more connections: it was stopped, or its task failed. The task sets it
    /// again under the slots lock before it gives back what it holds, so that no connection
    /// parks after that.
    stopped: AtomicBool,
}

#[derive(Default)]
struct Slots {
    slots: Vec<Slot>,
    free: Vec<u32>,
}

/// The lot. Cheap to clone; every connection of a listener shares one.
#[derive(Clone)]
pub struct ParkingLot {
    shared: Arc<Shared>,
    task: Arc<Mutex<Option<JoinHandle<()>>>>,
}

/// The waker a parked connection leaves with its session and control channel.
struct Unpark {
    shared: Arc<Shared>,
    token: Token,
}

impl Wake for Unpark {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.shared.woken.lock().push(self.token);
        self.shared.task.wake();
    }
}

/// Packs a slot index and its generation into a token.
fn token(index: u32, generation: u32) -> Token {
    Token(((generation as usize) << INDEX_BITS) | index as usize)
}

/// The slot index and generation of `token`.
fn slot_of(token: Token) -> (usize, u32) {
    let index = token.0 & ((1 << INDEX_BITS) - 1);
    (
        index,
        u32::try_from(token.0 >> INDEX_BITS).unwrap_or(u32::MAX),
    )
}

/// The outcome of [`ParkingLot::park`] when the connection must stay: it is handed back.
pub struct Refused<P, E> {
    /// The connection, untouched.
    pub parked: Box<P>,
    /// Its socket.
    pub stream: std::net::TcpStream,
    /// What was ready already, as `arm` found it; `None` when the socket could not join the
    /// epoll set.
    pub reason: Option<E>,
}

impl ParkingLot {
    /// A lot with its own epoll set, and the task that spawns its connections again; the task
    /// runs until [`ParkingLot::stop`], or until watching the epoll set fails, and either way
    /// gives back every connection it holds before it ends.
    ///
    /// # Errors
    /// The epoll set cannot be created or watched.
    pub fn start() -> std::io::Result<ParkingLot> {
        let poll = mio::Poll::new()?;
        let shared = Arc::new(Shared {
            registry: poll.registry().try_clone()?,
            slots: Mutex::new(Slots::default()),
            woken: Mutex::new(Vec::new()),
            task: AtomicWaker::new(),
            stopped: AtomicBool::new(false),
        });
        // `with_interest` is deprecated because an `AsyncFd` cannot check that the descriptor
        // stays open and the same while registered. Here it does: the `mio::Poll` owns its
        // epoll descriptor for its whole life, and the `AsyncFd` owns the `Poll`.
        #[allow(deprecated)]
        let fd = AsyncFd::with_interest(poll, tokio::io::Interest::READABLE)?;
        let task = tokio::spawn(run(Arc::clone(&shared), fd));
        Ok(ParkingLot {
            shared,
            task: Arc::new(Mutex::new(Some(task))),
        })
    }

    /// Stops the lot: it takes no more connections, resumes the ones it holds (they run in
    /// tasks of their own from then on) and its task ends. Waits for that task.
    pub async fn stop(&self) {
        self.shared.stopped.store(true, Ordering::Release);
        self.shared.task.wake();
        let task = self.task.lock().take();
        if let Some(task) = task {
            let _ = task.await;
        }
    }

    /// Parks a connection: `arm` is called with the waker the lot leaves for it and registers
    /// that waker wherever the connection waits (its session's wake, its control channel). When
    /// `arm` finds that one of those is ready already, it returns what it found and the
    /// connection is handed back (`Err`), to go on in its task. On success the connection
    /// belongs to the lot until something wakes it.
    ///
    /// # Errors
    /// [`Refused`] when `arm` finds something ready, the socket cannot join the epoll set, or
    /// the lot is stopped.
    pub fn park<P: Resume + 'static, E>(
        &self,
        mut parked: Box<P>,
        stream: std::net::TcpStream,
        arm: impl FnOnce(&mut P, &mut Context<'_>) -> Option<E>,
    ) -> Result<(), Refused<P, E>> {
        let mut slots = self.shared.slots.lock();
        if self.shared.stopped.load(Ordering::Acquire) {
            return Err(Refused {
                parked,
                stream,
                reason: None,
            });
        }
        let index = match slots.free.pop() {
            Some(i) => i,
            None => {
                let Ok(i) = u32::try_from(slots.slots.len()) else {
                    return Err(Refused {
                        parked,
                        stream,
                        reason: None,
                    });
                };
                slots.slots.push(Slot {
                    generation: 0,
                    parked: None,
                });
                i
            }
        };
        let generation = slots.slots[index as usize].generation;
        let token = token(index, generation);
        let waker = Waker::from(Arc::new(Unpark {
            shared: Arc::clone(&self.shared),
            token,
        }));
        if let Some(reason) = arm(&mut *parked, &mut Context::from_waker(&waker)) {
            free(&mut slots, index);
            return Err(Refused {
                parked,
                stream,
                reason: Some(reason),
            });
        }
        if let Err(e) = self.shared.registry.register(
            &mut SourceFd(&stream.as_raw_fd()),
            token,
            Interest::READABLE,
        ) {
            warn!(error = %e, "parking lot: a socket cannot join the epoll set");
            free(&mut slots, index);
            return Err(Refused {
                parked,
                stream,
                reason: None,
            });
        }
        let parked: Box<dyn Resume> = parked;
        slots.slots[index as usize].parked = Some((parked, stream));
        Ok(())
    }

    /// How many connections are parked now.
    pub fn parked(&self) -> usize {
        let slots = self.shared.slots.lock();
        slots.slots.len() - slots.free.len()
    }
}

/// Frees slot `index` for the next tenant.
fn free(slots: &mut Slots, index: u32) {
    let slot = &mut slots.slots[index as usize];
    slot.parked = None;
    slot.generation = slot.generation.wrapping_add(1);
    slots.free.push(index);
}

/// The lot's task: waits for readiness in the epoll set or a wake, and resumes the connections
/// concerned. When it stops (asked to, or because the epoll set cannot be watched) it resumes
/// every connection it still holds, so that none is left without a task.
async fn run(shared: Arc<Shared>, mut fd: AsyncFd<mio::Poll>) {
    let mut events = Events::with_capacity(EVENTS);
    let mut due: Vec<Token> = Vec::new();
    while !shared.stopped.load(Ordering::Acquire) {
        match std::future::poll_fn(|cx| poll_lot(&shared, &mut fd, cx)).await {
            Ok(true) => {
                if let Err(e) = drain_events(fd.get_mut(), &mut events, &mut due) {
                    warn!(error = %e, "parking lot: epoll_wait failed; giving its connections back");
                    break;
                }
            }
            Ok(false) => {}
            Err(e) => {
                warn!(error = %e, "parking lot: its epoll set cannot be watched; giving its connections back");
                break;
            }
        }
        due.append(&mut *shared.woken.lock());
        for token in due.drain(..) {
            let (index, generation) = slot_of(token);
            let taken = {
                let mut slots = shared.slots.lock();
                match slots.slots.get_mut(index) {
                    Some(slot) if slot.generation == generation && slot.parked.is_some() => {
                        let parked = slot.parked.take();
                        free(&mut slots, index as u32);
                        parked
                    }
                    _ => None,
                }
            };
            if let Some((parked, stream)) = taken {
                resume(&shared, parked, stream);
            }
        }
    }
    let all: Vec<_> = {
        let mut slots = shared.slots.lock();
        shared.stopped.store(true, Ordering::Release);
        let taken = slots
            .slots
            .iter_mut()
            .filter_map(|s| s.parked.take())
            .collect();
        slots.slots.clear();
        slots.free.clear();
        taken
    };
    shared.woken.lock().clear();
    for (parked, stream) in all {
        resume(&shared, parked, stream);
    }
}

/// Takes every event the epoll set holds into `due`. Interrupted waits are retried: the
/// readiness of the set was cleared before, so events left behind would wait for an unrelated
/// one.
///
/// # Errors
/// `epoll_wait` failed for another reason.
fn drain_events(
    poll: &mut mio::Poll,
    events: &mut Events,
    due: &mut Vec<Token>,
) -> std::io::Result<()> {
    loop {
        match poll.poll(events, Some(Duration::ZERO)) {
            Ok(()) if events.is_empty() => return Ok(()),
            Ok(()) => due.extend(events.iter().map(mio::event::Event::token)),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// Takes a connection's socket out of the epoll set and gives the connection a task again.
fn resume(shared: &Shared, parked: Box<dyn Resume>, stream: std::net::TcpStream) {
    if let Err(e) = shared
        .registry
        .deregister(&mut SourceFd(&stream.as_raw_fd()))
    {
        warn!(error = %e, "parking lot: a socket did not leave the epoll set");
    }
    parked.resume(stream);
}

/// Ready with `Ok(true)` when the epoll set has events (its readiness is cleared here, to be
/// drained by the caller), `Ok(false)` when wakers are due, pending otherwise.
fn poll_lot(
    shared: &Shared,
    fd: &mut AsyncFd<mio::Poll>,
    cx: &mut Context<'_>,
) -> Poll<std::io::Result<bool>> {
    shared.task.register(cx.waker());
    if shared.stopped.load(Ordering::Acquire) {
        return Poll::Ready(Ok(false));
    }
    let woken = !shared.woken.lock().is_empty();
    match fd.poll_read_ready_mut(cx) {
        Poll::Ready(Ok(mut guard)) => {
            guard.clear_ready();
            Poll::Ready(Ok(true))
        }
        Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
        Poll::Pending if woken => Poll::Ready(Ok(false)),
        Poll::Pending => Poll::Pending,
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::time::Duration;

    use tokio::sync::mpsc;

    use super::*;

    /// A parked "connection" that reports its name when resumed.
    struct Probe(mpsc::UnboundedSender<&'static str>, &'static str);

    impl Resume for Probe {
        fn resume(self: Box<Self>, _stream: std::net::TcpStream) {
            let _ = self.0.send(self.1);
        }
    }

    /// A connected pair: the client end, and the server end as an accepted socket is
    /// (non-blocking).
    fn pair() -> (std::net::TcpStream, std::net::TcpStream) {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let client =
            std::net::TcpStream::connect(listener.local_addr().expect("addr")).expect("connect");
        let (server, _) = listener.accept().expect("accept");
        server.set_nonblocking(true).expect("nonblocking");
        (client, server)
    }

    async fn next(rx: &mut mpsc::UnboundedReceiver<&'static str>) -> Option<&'static str> {
        tokio::time::timeout(Duration::from_secs(5), rx.recv())
            .await
            .ok()
            .flatten()
    }

    #[tokio::test]
    async fn bytes_or_a_wake_bring_a_connection_back_and_a_ready_arm_keeps_it_out() {
        let lot = ParkingLot::start().expect("lot");
        let (tx, mut rx) = mpsc::unbounded_channel();

        let (mut client, server) = pair();
        let parked = lot.park(
            Box::new(Probe(tx.clone(), "bytes")),
            server,
            |_, _| None::<()>,
        );
        assert!(parked.is_ok());
        assert_eq!(lot.parked(), 1);
        client.write_all(b"x").expect("write");
        assert_eq!(next(&mut rx).await, Some("bytes"));
        assert_eq!(lot.parked(), 0);

        let (_client, server) = pair();
        let mut waker = None;
        let parked = lot.park(Box::new(Probe(tx.clone(), "woken")), server, |_, cx| {
            waker = Some(cx.waker().clone());
            None::<()>
        });
        assert!(parked.is_ok());
        waker.expect("armed").wake();
        assert_eq!(next(&mut rx).await, Some("woken"));

        let (_client, server) = pair();
        let refused = lot.park(Box::new(Probe(tx.clone(), "never")), server, |_, _| Some(7));
        assert_eq!(refused.err().and_then(|r| r.reason), Some(7));
        assert_eq!(lot.parked(), 0);
        assert!(
            rx.try_recv().is_err(),
            "a refused connection is not resumed"
        );
    }

    /// Bytes that arrived before the connection parked still wake it: the epoll registration
    /// reports a socket that is readable already.
    #[tokio::test]
    async fn bytes_that_arrived_before_parking_wake_the_connection() {
        let lot = ParkingLot::start().expect("lot");
        let (tx, mut rx) = mpsc::unbounded_channel();
        let (mut client, server) = pair();
        client.write_all(b"early").expect("write");
        std::thread::sleep(Duration::from_millis(50));
        let parked = lot.park(Box::new(Probe(tx, "early")), server, |_, _| None::<()>);
        assert!(parked.is_ok());
        assert_eq!(next(&mut rx).await, Some("early"));
    }

    /// Stopping gives back what is parked, and nothing parks after.
    #[tokio::test]
    async fn a_stopped_lot_resumes_what_it_holds_and_takes_nothing_more() {
        let lot = ParkingLot::start().expect("lot");
        let (tx, mut rx) = mpsc::unbounded_channel();
        let (_client, server) = pair();
        let parked = lot.park(
            Box::new(Probe(tx.clone(), "held")),
            server,
            |_, _| None::<()>,
        );
        assert!(parked.is_ok());
        lot.stop().await;
        assert_eq!(next(&mut rx).await, Some("held"));
        let (_client, server) = pair();
        let refused = lot.park(Box::new(Probe(tx, "late")), server, |_, _| None::<()>);
        assert!(refused.is_err());
        assert_eq!(lot.parked(), 0);
    }

    /// A waker left by a slot's earlier tenant does not resume the next one.
    #[tokio::test]
    async fn a_stale_wake_does_not_resume_the_next_tenant_of_a_slot() {
        let lot = ParkingLot::start().expect("lot");
        let (tx, mut rx) = mpsc::unbounded_channel();
        let (_first_client, server) = pair();
        let mut stale = None;
        let parked = lot.park(Box::new(Probe(tx.clone(), "first")), server, |_, cx| {
            stale = Some(cx.waker().clone());
            None::<()>
        });
        assert!(parked.is_ok());
        let stale = stale.expect("armed");
        stale.wake_by_ref();
        assert_eq!(next(&mut rx).await, Some("first"));

        let (_second_client, server) = pair();
        let mut own = None;
        let parked = lot.park(Box::new(Probe(tx, "second")), server, |_, cx| {
            own = Some(cx.waker().clone());
            None::<()>
        });
        assert!(parked.is_ok());
        stale.wake();
        assert!(
            tokio::time::timeout(Duration::from_millis(300), rx.recv())
                .await
                .is_err(),
            "the stale wake resumed the slot's new tenant"
        );
        assert_eq!(lot.parked(), 1);
        own.expect("armed").wake();
        assert_eq!(next(&mut rx).await, Some("second"));
    }
}
