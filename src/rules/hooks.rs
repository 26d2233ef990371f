//! Hooks: optional functions a rule script defines and the scorecard stage
//! calls once per line and period (never per input row).
//!
//! - `fn derive(line)` returns `#{ metric: value }`: derived metrics such as
//!   LTV/CAC, computed before anything is judged.
//! - `fn targets(line)` returns `#{ metric: #{ target, warn, min, max,
//!   weight, owner } }`: targets that depend on the stage or another column.
//! - `fn statuses(line)` returns `#{ metric: #{ status, reason } }`: a status
//!   where the catalogue is not enough.
//! - `fn labels(line)` returns the four fits (`product_market: #{ status,
//!   reason }`, ...), `focus` and any other label.
//!
//! When several files define the same hook, the last file in name order
//! wins. What a hook returns is checked here and turned into types; a wrong
//! value is an error at the hook's `fn` line naming the line and period.

use super::ScriptError;
use super::catalogue::{Catalogue, LineOverride, MetricSpec, Rule, Threshold};
use super::dynamic::{number, suggest, type_name};
use super::engine::{self, Sandbox};
use super::line_view::LineView;
use super::places::{Place, Places};
use super::spec::{self, Keys};
use crate::model::{Direction, Fit, FitResult, Focus, Labels, MetricId, Status};
use rhai::{AST, CallFnOptions, Dynamic, Map, Scope};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// The hooks linecard knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Hook {
    Derive,
    Targets,
    Status,
    Labels,
}

impl Hook {
    pub const ALL: [Hook; 4] = [Hook::Derive, Hook::Targets, Hook::Status, Hook::Labels];

    pub fn as_str(&self) -> &'static str {
        match self {
            Hook::Derive => "derive",
            Hook::Targets => "targets",
            Hook::Status => "statuses",
            Hook::Labels => "labels",
        }
    }
}

/// A status the `status` hook set, with its reason.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusOverride {
    pub status: Status,
    pub reason: String,
}

/// The compiled hook functions of every script and the engine to run them.
pub struct Hooks {
    sandbox: Sandbox,
    ast: AST,
    /// The file defining each hook (the last one wins).
    defined: HashMap<Hook, String>,
    /// Where each defined hook's `fn` line is.
    places: HashMap<Hook, Place>,
    /// "scripts/20-hooks.rhai:27 (targets() hook)": where hook targets come from.
    targets_from: Option<Arc<str>>,
    /// Function name -> the file that defines it, to place runtime errors.
    fn_files: HashMap<String, String>,
    texts: BTreeMap<String, String>,
}

impl std::fmt::Debug for Hooks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hooks")
            .field("defined", &self.defined)
            .finish_non_exhaustive()
    }
}

type Outcome<T> = Result<T, ScriptError>;

impl Hooks {
    /// Gathers the functions of every script's AST, in load order.
    pub fn new(
        sandbox: Sandbox,
        asts: Vec<(String, AST)>,
        texts: BTreeMap<String, String>,
    ) -> Self {
        let mut merged = AST::empty();
        let mut defined = HashMap::new();
        let mut fn_files = HashMap::new();
        for (file, mut ast) in asts {
            for f in ast.iter_functions() {
                fn_files.insert(f.name.to_string(), file.clone());
                if let Some(hook) = Hook::ALL
                    .into_iter()
                    .find(|h| h.as_str() == f.name && f.params.len() == 1)
                {
                    defined.insert(hook, file.clone());
                }
            }
            ast.clear_statements();
            merged = merged.merge(&ast);
        }
        let lookup = Places { texts: &texts };
        let places: HashMap<Hook, Place> = defined
            .iter()
            .map(|(hook, file)| (*hook, lookup.function(file, hook.as_str())))
            .collect();
        let targets_from = places
            .get(&Hook::Targets)
            .map(|p| Arc::from(format!("{} (targets() hook)", p.short())));
        Hooks {
            sandbox,
            ast: merged,
            defined,
            places,
            targets_from,
            fn_files,
            texts,
        }
    }

    /// The file that defines `hook`, if any.
    pub fn defined_in(&self, hook: Hook) -> Option<&str> {
        self.defined.get(&hook).map(String::as_str)
    }

    /// Where `hook` is defined: `scripts/20-hooks.rhai:12`.
    pub fn place(&self, hook: Hook) -> Option<Place> {
        self.places.get(&hook).cloned()
    }

    fn fail(&self, hook: Hook, line: &LineView, message: String) -> ScriptError {
        let place = self.place(hook).unwrap_or(Place {
            file: String::new(),
            line: 0,
            column: 0,
        });
        let message = format!(
            "{}() for \"{}\" {}: {message}",
            hook.as_str(),
            line.0.name,
            line.0.period
        );
        Places { texts: &self.texts }.error(&place, message)
    }

    /// Runs `hook` on `line`; `None` when no script defines it or it
    /// returned nothing.
    fn call(&self, hook: Hook, line: &LineView) -> Outcome<Option<Map>> {
        let Some(file) = self.defined_in(hook) else {
            return Ok(None);
        };
        self.sandbox.start_clock();
        let options = CallFnOptions::new().eval_ast(false).rewind_scope(true);
        let result: Result<Dynamic, _> = self.sandbox.engine.call_fn_with_options(
            options,
            &mut Scope::new(),
            &self.ast,
            hook.as_str(),
            (line.clone(),),
        );
        let value = result.map_err(|e| {
            let (file, pos) = engine::place_of(&e, file, &self.fn_files);
            // A sandbox limit (operations, call depth, time, size) stops the
            // hook wherever it is, and Rhai keeps no position for it from a
            // call made from Rust: the place is then the hook itself.
            let place = match (pos.line(), self.place(hook)) {
                (None, Some(hook_place)) => hook_place,
                _ => Place {
                    file,
                    line: pos.line().unwrap_or(0),
                    column: pos.position().unwrap_or(0),
                },
            };
            let message = format!(
                "{}() for \"{}\" {}: {}",
                hook.as_str(),
                line.0.name,
                line.0.period,
                engine::describe(&e)
            );
            Places { texts: &self.texts }.error(&place, message)
        })?;
        if value.is_unit() {
            return Ok(None);
        }
        match value.try_cast::<Map>() {
            Some(map) => Ok(Some(map)),
            None => Err(self.fail(
                hook,
                line,
                "must return a map #{ ... } (or nothing)".to_string(),
            )),
        }
    }

    fn metric(
        &self,
        hook: Hook,
        line: &LineView,
        catalogue: &Catalogue,
        key: &str,
    ) -> Outcome<MetricId> {
        let id = MetricId::normalise(key)
            .filter(|id| catalogue.get(id).is_some() || line.0.names.index(id.as_str()).is_some());
        id.ok_or_else(|| {
            let names = line.0.names.names();
            self.fail(
                hook,
                line,
                format!(
                    "\"{key}\" is not a metric in the catalogue or the data{}",
                    suggest(key, names)
                ),
            )
        })
    }

    /// Derived metrics for `line`: name -> value (`()` values are skipped).
    pub fn derive(&self, line: &LineView, catalogue: &Catalogue) -> Outcome<Vec<(MetricId, f64)>> {
        let Some(map) = self.call(Hook::Derive, line)? else {
            return Ok(Vec::new());
        };
        let mut out = Vec::with_capacity(map.len());
        for (key, value) in map {
            if value.is_unit() {
                continue;
            }
            let Some(id) = MetricId::normalise(&key).filter(|id| catalogue.get(id).is_some())
            else {
                let names: Vec<&MetricId> = catalogue.metrics.keys().collect();
                let names: Vec<&str> = names.iter().map(|m| m.as_str()).collect();
                return Err(self.fail(Hook::Derive, line, format!(
                    "derived metric \"{key}\" needs a catalogue entry: add metric(\"{key}\", #{{ owner: ... }}){}",
                    suggest(&key, &names)
                )));
            };
            match number(&value).filter(|v| v.is_finite()) {
                Some(v) => out.push((id, v)),
                None => {
                    return Err(self.fail(
                        Hook::Derive,
                        line,
                        format!(
                            "\"{key}\" must be a number (or () when it cannot be computed), got {}",
                            type_name(&value)
                        ),
                    ));
                }
            }
        }
        Ok(out)
    }

    /// Per-metric target, weight and owner changes for `line`.
    pub fn targets(
        &self,
        line: &LineView,
        catalogue: &Catalogue,
    ) -> Outcome<Vec<(MetricId, LineOverride)>> {
        let Some(map) = self.call(Hook::Targets, line)? else {
            return Ok(Vec::new());
        };
        let place = &self.places[&Hook::Targets];
        let mut out = Vec::with_capacity(map.len());
        for (key, value) in map {
            let id = self.metric(Hook::Targets, line, catalogue, &key)?;
            let Some(spec) = catalogue.get(&id) else {
                return Err(self.fail(Hook::Targets, line, format!("\"{key}\" has no catalogue entry, so it has no direction to judge a target by")));
            };
            let plain = match value.read_lock::<Map>() {
                Some(m) => self.plain_override(|k| m.get(k), m.keys().map(|k| k.as_str()), spec),
                None => self.plain_override(
                    |k| (k == "target").then_some(&value),
                    ["target"].into_iter(),
                    spec,
                ),
            };
            if let Some(mut over) = plain {
                self.weight_place(&mut over, &key);
                out.push((id, over));
                continue;
            }
            let keys: Keys = match value.clone().try_cast::<Map>() {
                Some(m) => m
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), (v, place.clone())))
                    .collect(),
                None if number(&value).is_some() => {
                    Keys::from([("target".to_string(), (value, place.clone()))])
                }
                None => {
                    return Err(self.fail(Hook::Targets, line, format!(
                        "\"{key}\" must be a number (the target) or a map like #{{ target: 0.8, warn: 0.7 }}, got {}",
                        type_name(&value)
                    )));
                }
            };
            let what = " (targets() hook)";
            let texts = Places { texts: &self.texts };
            let mut over = spec::hook_override(&id, &keys, what, spec.direction, &texts).map_err(
                |mut errors| {
                    let first = errors.remove(0);
                    self.fail(Hook::Targets, line, first.message)
                },
            )?;
            self.weight_place(&mut over, &key);
            out.push((id, over));
        }
        Ok(out)
    }

    /// Where a weight the `targets` hook returned for `key` was written:
    /// the first line of the hook that names the metric
    /// (`scripts/20-hooks.rhai:76 (targets() hook)`), else its `fn` line.
    fn weight_place(&self, over: &mut LineOverride, key: &str) {
        if over.weight.is_none() {
            return;
        }
        let place = &self.places[&Hook::Targets];
        let at = Places { texts: &self.texts }.mention(place, key);
        over.weight_from = Some(format!("{} (targets() hook)", at.short()).into());
    }

    /// The common case, without the full check: a `target` and `warn` (and
    /// perhaps a `weight`) that are numbers, the warn on the right side.
    /// Anything else goes through `spec::hook_override`, which says what is
    /// wrong.
    fn plain_override<'m>(
        &self,
        get: impl Fn(&str) -> Option<&'m Dynamic>,
        mut keys: impl Iterator<Item = &'m str>,
        spec: &MetricSpec,
    ) -> Option<LineOverride> {
        let num = |k: &str| get(k).map(|v| number(v).filter(|n| n.is_finite()));
        if spec.direction == Direction::Band
            || keys.any(|k| !["target", "warn", "weight"].contains(&k))
        {
            return None;
        }
        let weight = match num("weight") {
            None => None,
            Some(Some(w)) if w >= 0.0 => Some(w),
            Some(_) => return None,
        };
        let rule = match (num("target"), num("warn")) {
            (None, None) => None,
            (Some(Some(target)), warn) => {
                let warn = match warn {
                    None => None,
                    Some(Some(w)) if w == target || !spec.direction.meets(w, target) => Some(w),
                    Some(_) => return None,
                };
                let threshold = Threshold {
                    target,
                    warn,
                    upper: None,
                };
                Some(Rule {
                    threshold,
                    from: self.targets_from.clone()?,
                })
            }
            _ => return None,
        };
        Some(LineOverride {
            rule,
            weight,
            weight_from: None,
            owner: None,
        })
    }

    /// Statuses the `status` hook sets for `line`.
    pub fn status(
        &self,
        line: &LineView,
        catalogue: &Catalogue,
    ) -> Outcome<Vec<(MetricId, StatusOverride)>> {
        let Some(map) = self.call(Hook::Status, line)? else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for (key, value) in map {
            if value.is_unit() {
                continue;
            }
            let id = self.metric(Hook::Status, line, catalogue, &key)?;
            let (status, reason) = self.judgement(Hook::Status, line, &key, value)?;
            let reason = reason.unwrap_or_else(|| {
                format!(
                    "set by statuses() in {}",
                    self.defined_in(Hook::Status).unwrap_or("the rules")
                )
            });
            out.push((id, StatusOverride { status, reason }));
        }
        Ok(out)
    }

    /// A `"green"` or `#{ status: "green", reason: "..." }` value.
    fn judgement(
        &self,
        hook: Hook,
        line: &LineView,
        key: &str,
        value: Dynamic,
    ) -> Outcome<(Status, Option<String>)> {
        let bad = |got: &str| {
            self.fail(hook, line, format!(
                "\"{key}\" must be a status (\"green\", \"amber\", \"red\", \"info\") or #{{ status: \"red\", reason: \"...\" }}, got {got}"
            ))
        };
        let (status, reason) = match value.clone().try_cast::<Map>() {
            Some(m) => {
                let status = m
                    .get("status")
                    .and_then(|s| s.clone().into_string().ok())
                    .ok_or_else(|| bad("a map without a status"))?;
                let reason = m.get("reason").and_then(|r| r.clone().into_string().ok());
                (status, reason)
            }
            None => (value.into_string().map_err(&bad)?, None),
        };
        let status = match status.trim().to_ascii_lowercase().as_str() {
            "green" => Status::Green,
            "amber" => Status::Amber,
            "red" => Status::Red,
            "info" => Status::Info,
            "no_data" => Status::NoData,
            other => return Err(bad(&format!("\"{other}\""))),
        };
        Ok((status, reason))
    }

    /// The labels the `labels` hook puts on `line`.
    pub fn labels(&self, line: &LineView) -> Outcome<Labels> {
        let mut labels = Labels::default();
        let Some(map) = self.call(Hook::Labels, line)? else {
            return Ok(labels);
        };
        for (key, value) in map {
            if value.is_unit() {
                continue;
            }
            if let Ok(fit) = key.parse::<Fit>() {
                let (status, reason) = self.judgement(Hook::Labels, line, &key, value)?;
                let reason = reason.unwrap_or_default();
                labels.fits.push(FitResult {
                    fit,
                    status,
                    reason,
                });
            } else if key == "focus" {
                let (text, reason) = match value.clone().try_cast::<Map>() {
                    Some(m) => (
                        m.get("focus")
                            .or(m.get("value"))
                            .and_then(|v| v.clone().into_string().ok()),
                        m.get("reason").and_then(|r| r.clone().into_string().ok()),
                    ),
                    None => (value.clone().into_string().ok(), None),
                };
                let text = text.ok_or_else(|| self.fail(Hook::Labels, line, format!("focus must be \"high-maintenance\", \"high-growth\" or \"balanced\" (or #{{ focus: \"high-growth\", reason: \"...\" }}), got {}", type_name(&value))))?;
                let focus: Focus = text.parse().map_err(|m| self.fail(Hook::Labels, line, m))?;
                labels.focus = Some((focus, reason.unwrap_or_default()));
            } else {
                let text = value.to_string();
                labels.custom.insert(key.to_string(), text);
            }
        }
        labels.fits.sort_by_key(|f| f.fit);
        Ok(labels)
    }
}
