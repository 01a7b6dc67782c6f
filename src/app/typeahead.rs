//! Typeahead: keys typed while the screen waits on the database are kept, in order, and
//! applied to the state the answer produced, so what a key sequence does never depends on how
//! fast it was typed.
//!
//! An effect caused by a key (or by an answer to one) is *awaited*: the worker sends its reply
//! back as `Event::Answer`. Until every awaited effect is answered, keys and pastes wait in the
//! queue; ticks, resizes and background replies go through at once. F5's figures are never
//! awaited: they only fill in numbers, and keys on F5 must stay free while a year is computed.

use super::{App, Effect, Event};

/// An effect for the runtime, and whether the screen waits on its answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub effect: Effect,
    pub awaited: bool,
}

impl Effect {
    /// The worker answers every effect but these two.
    pub fn answers(&self) -> bool {
        !matches!(self, Effect::Print { .. } | Effect::Quit)
    }

    /// Whether keys typed after it must see its answer first.
    fn holds_keys(&self) -> bool {
        self.answers() && !matches!(self, Effect::Summary { .. })
    }
}

impl App {
    /// The runtime's one entry: an event in, jobs for the worker out, typed-ahead keys applied
    /// as soon as the state they were typed against has arrived.
    pub fn handle(&mut self, ev: Event) -> Vec<Job> {
        let mut jobs = match ev {
            Event::Key(..) | Event::Paste(_) if self.awaiting > 0 || !self.typeahead.is_empty() => {
                if let Event::Key(_, ms) = &ev {
                    self.now_ms = self.now_ms.max(*ms);
                }
                // Waiting keys are input all the same: the idle lock must not fall meanwhile.
                self.last_input_ms = self.now_ms;
                self.typeahead.push_back(ev);
                vec![]
            }
            Event::Key(..) | Event::Paste(_) => self.input(ev),
            // Held digits settled by the clock are a person's keys: what they ask is awaited.
            Event::Tick(_, ms) if self.holding() => {
                let released = self.settle(ms);
                let mut jobs = self.mark(released, true);
                jobs.extend(self.step(ev, false));
                jobs
            }
            Event::Answer(reply) => {
                self.awaiting = self.awaiting.saturating_sub(1);
                self.step(Event::Reply(reply), true)
            }
            other => self.step(other, false),
        };
        while self.awaiting == 0 {
            let Some(ev) = self.typeahead.pop_front() else { break };
            jobs.extend(self.input(ev));
        }
        if self.awaiting == 0 {
            self.awaiting_since = None;
        }
        jobs
    }

    /// Nothing awaited, no key waiting or held: the screen shows all that was typed.
    pub fn idle(&self) -> bool {
        self.awaiting == 0 && self.typeahead.is_empty() && !self.holding()
    }

    /// A key or paste whose turn has come. Digits held at a numbered dialog go first, as their
    /// own step: if they ask the database something, this input waits for the answer like any
    /// typed ahead.
    fn input(&mut self, ev: Event) -> Vec<Job> {
        let releases = match &ev {
            Event::Key(key, ms) => self.holding() && !self.gate_takes(key, *ms),
            _ => self.holding(),
        };
        if !releases {
            return self.step(ev, true);
        }
        let released = self.release();
        let mut jobs = self.mark(released, true);
        if self.awaiting > 0 {
            self.typeahead.push_front(ev);
        } else {
            jobs.extend(self.step(ev, true));
        }
        jobs
    }

    fn step(&mut self, ev: Event, caused_by_input: bool) -> Vec<Job> {
        let effects = self.update(ev);
        self.mark(effects, caused_by_input)
    }

    fn mark(&mut self, effects: Vec<Effect>, caused_by_input: bool) -> Vec<Job> {
        effects
            .into_iter()
            .map(|effect| {
                let awaited = caused_by_input && effect.holds_keys();
                if awaited {
                    if self.awaiting == 0 {
                        self.awaiting_since = Some(self.now_ms);
                    }
                    self.awaiting += 1;
                }
                Job { effect, awaited }
            })
            .collect()
    }
}
