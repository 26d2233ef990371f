//! Loading the rules: reading the scripts in name order, running each in the
//! sandbox, and checking what they declared.

use super::catalogue::{Catalogue, METRIC_KEYS};
use super::coverage::MinCoverage;
use super::dynamic::suggest;
use super::engine::{self, DeclarationKind, Sandbox};
use super::hooks::Hooks;
use super::labels::{self, LabelRules};
use super::places::{Place, Places};
use super::rule_test::{self, RuleTest};
use super::spec::{self, Declared};
use super::{BUILTIN_SCRIPTS, RulesError, ScriptError};
use crate::frame::records::RecordRules;
use crate::frame::{FrameOptions, LayoutOverride};
use crate::model::{Currency, ErrorList, MetricId, Money, Unit};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

/// Where the rules come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RulesSource {
    /// Every `*.rhai` file directly in this folder.
    Folder(PathBuf),
    /// The default scripts compiled into linecard.
    Builtin,
}

/// One rule script as loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleFile {
    pub path: String,
    pub sha256: String,
    pub builtin: bool,
}

/// The checked result of running every rule script.
#[derive(Debug, Clone)]
pub struct RuleSet {
    pub files: Vec<RuleFile>,
    pub catalogue: Catalogue,
    /// Extra header names (as written) -> metric.
    pub aliases: BTreeMap<String, MetricId>,
    /// What the scripts printed with `print` or `debug`.
    pub log: Vec<String>,
    /// The hook functions the scripts define.
    pub hooks: Arc<Hooks>,
    /// The scripts' own test cases, in load order.
    pub tests: Vec<RuleTest>,
    /// The four fits and the focus rule, from `fits(...)` and `focus(...)`.
    pub labels: LabelRules,
    /// Whether targets and thresholds given in the data are used (per
    /// metric too: `MetricSpec::data_targets`); `data_targets(false)` in a
    /// script switches them off.
    pub data_targets: bool,
    /// The `layout(...)` declarations, in load order.
    pub layouts: Vec<LayoutOverride>,
    /// The `records(...)` declarations.
    pub records: RecordRules,
    /// `currency("EUR")`: the currency of money no input or metric names.
    pub currency: Option<Currency>,
    /// Where each metric's `currency:` key is written
    /// (`rules/10-catalogue.rhai:12:5`), for an input that says otherwise.
    pub currency_keys: BTreeMap<MetricId, String>,
    /// How much of each score's weight must have a value, from
    /// `min_coverage(...)` (half of it by default).
    pub min_coverage: MinCoverage,
}

fn sha256(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn read_scripts(source: &RulesSource) -> Result<Vec<(RuleFile, String)>, RulesError> {
    match source {
        RulesSource::Builtin => Ok(BUILTIN_SCRIPTS
            .iter()
            .map(|(name, text)| {
                let file = RuleFile {
                    path: format!("built-in {name}"),
                    sha256: sha256(text),
                    builtin: true,
                };
                (file, text.to_string())
            })
            .collect()),
        RulesSource::Folder(dir) => {
            if !dir.is_dir() {
                return Err(RulesError::MissingFolder { path: dir.clone() });
            }
            let io = |source| RulesError::Io {
                path: dir.clone(),
                source,
            };
            let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
                .map_err(io)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "rhai"))
                .collect();
            paths.sort();
            if paths.is_empty() {
                return Err(RulesError::NoScripts { path: dir.clone() });
            }
            paths
                .into_iter()
                .map(|path| {
                    let text = std::fs::read_to_string(&path).map_err(|source| RulesError::Io {
                        path: path.clone(),
                        source,
                    })?;
                    let file = RuleFile {
                        path: path.display().to_string(),
                        sha256: sha256(&text),
                        builtin: false,
                    };
                    // Notepad and some Windows editors open a UTF-8 file
                    // with a byte-order mark, which no editor shows.
                    let text = match text.strip_prefix('\u{feff}') {
                        Some(rest) => rest.to_string(),
                        None => text,
                    };
                    Ok((file, text))
                })
                .collect()
        }
    }
}

impl RuleSet {
    /// What the frame stage needs from the rules: header aliases and the
    /// unit of every known metric.
    pub fn frame_options(&self) -> FrameOptions {
        let units = self
            .catalogue
            .metrics
            .iter()
            .map(|(id, spec)| (id.clone(), spec.unit))
            .collect();
        FrameOptions {
            aliases: self.aliases.clone(),
            units,
            layouts: self.layouts.clone(),
            records: self.records.clone(),
            currency_keys: self.currency_keys.clone(),
            ..FrameOptions::default()
        }
    }

    /// Settles each money metric's format for a run: its currency (the
    /// metric's `currency:` key, else the one its inputs name, else the
    /// portfolio's `currency(...)`) and the precision of its values in
    /// `data` (the frame's, by metric).
    pub fn settle_money(&mut self, data: &BTreeMap<MetricId, Money>) {
        for (id, spec) in self.catalogue.metrics.iter_mut() {
            if let Unit::Money(money) = spec.unit {
                let seen = data.get(id);
                spec.unit = Unit::Money(Money {
                    currency: money
                        .currency
                        .or(seen.and_then(|m| m.currency))
                        .or(self.currency),
                    cents: seen.and_then(|m| m.cents).or(money.cents),
                });
            }
        }
    }

    /// Reads, runs and checks every script, reporting every problem found.
    pub fn load(source: &RulesSource) -> Result<RuleSet, ErrorList<RulesError>> {
        let scripts = read_scripts(source).map_err(|e| ErrorList(vec![e]))?;
        let texts: BTreeMap<String, String> = scripts
            .iter()
            .map(|(f, t)| (f.path.clone(), t.clone()))
            .collect();
        let places = Places { texts: &texts };
        let error_at = |place: &Place, message: String| places.error(place, message);
        let mut errors: Vec<RulesError> = Vec::new();

        let sandbox = Sandbox::new();
        let mut asts = Vec::with_capacity(scripts.len());
        // A script that did not compile or run declared nothing (or only
        // part), so checks that need the whole catalogue would only repeat
        // its errors as "not a metric in the catalogue".
        let mut broken = false;
        for (file, text) in &scripts {
            let mut ast = match sandbox.engine.compile(text) {
                Ok(ast) => ast,
                Err(e) => {
                    let pos = e.position();
                    let (line, column) = (pos.line().unwrap_or(0), pos.position().unwrap_or(0));
                    let source_line = text.lines().nth(line.saturating_sub(1)).unwrap_or("");
                    let message = engine::describe_parse(e.err_type(), source_line, line, column);
                    errors.push(ScriptError::at(&file.path, text, line, column, message).into());
                    broken = true;
                    continue;
                }
            };
            ast.set_source(file.path.as_str());
            sandbox.start_clock();
            if let Err(e) = sandbox.engine.run_ast(&ast) {
                let (path, pos) = engine::place_of(&e, &file.path, &Default::default());
                let place = Place {
                    file: path,
                    line: pos.line().unwrap_or(0),
                    column: pos.position().unwrap_or(0),
                };
                errors.push(error_at(&place, engine::describe(&e)).into());
                broken = true;
            }
            asts.push((file.path.clone(), ast));
        }

        let mut declared: BTreeMap<MetricId, Declared> = BTreeMap::new();
        let mut test_cases = Vec::new();
        let mut label_calls = Vec::new();
        let mut aliases = BTreeMap::new();
        let mut data_targets = true;
        let mut layouts = Vec::new();
        let mut records = RecordRules::default();
        let mut currency = None;
        let mut min_coverage = MinCoverage::default();
        let declarations = engine::lock(&sandbox.declarations).clone();
        for d in declarations.iter() {
            let call = Place {
                file: d.file.clone(),
                line: d.position.line().unwrap_or(0),
                column: d.position.position().unwrap_or(0),
            };
            let what = match d.kind {
                DeclarationKind::Metric => "metric(\"name\", #{ owner: \"pm\", ... })",
                DeclarationKind::Alias => "alias(\"Header in your file\", \"metric_name\")",
                DeclarationKind::Test => {
                    "test(\"what it checks\", #{ stage: \"Growth\", values: #{ ... }, expect: #{ ... } })"
                }
                DeclarationKind::Fits | DeclarationKind::Focus => {
                    label_calls.push((d.kind, call, d.args.0.clone()));
                    continue;
                }
                DeclarationKind::DataTargets => {
                    match d.args.0.as_bool() {
                        Ok(on) => data_targets = on,
                        Err(_) => errors.push(
                            error_at(
                                &call,
                                format!(
                                    "data_targets(...) takes true or false, got {}: write data_targets(false) to use only the rules' targets",
                                    super::dynamic::type_name(&d.args.0)
                                ),
                            )
                            .into(),
                        ),
                    }
                    continue;
                }
                DeclarationKind::Currency => {
                    let code = d.args.0.clone().into_string().map_err(|_| {
                        format!(
                            "currency(...) takes a currency code in quotes, got {}: write currency(\"EUR\")",
                            super::dynamic::type_name(&d.args.0)
                        )
                    });
                    match code.and_then(|c| Currency::parse_code(&c)) {
                        Ok(c) => currency = Some(c),
                        Err(m) => {
                            errors.push(error_at(&call, format!("currency(...): {m}")).into())
                        }
                    }
                    continue;
                }
                DeclarationKind::Layout => {
                    match super::layouts::parse(&call, &d.args, &places) {
                        Ok(layout) => layouts.push(layout),
                        Err(es) => errors.extend(es.into_iter().map(RulesError::from)),
                    }
                    continue;
                }
                DeclarationKind::Records => {
                    match super::records::parse(&call, &d.args, &places) {
                        Ok(declared) => records.declared.push(declared),
                        Err(es) => errors.extend(es.into_iter().map(RulesError::from)),
                    }
                    continue;
                }
                DeclarationKind::Feature => {
                    match super::features::parse(&call, &d.args, &places, &records.features) {
                        Ok(feature) => records.features.push(feature),
                        Err(es) => errors.extend(es.into_iter().map(RulesError::from)),
                    }
                    continue;
                }
                DeclarationKind::MinCoverage => {
                    if let Err(es) = min_coverage.apply(&call, &d.args.0, &places) {
                        errors.extend(es.into_iter().map(RulesError::from));
                    }
                    continue;
                }
            };
            if d.kind == DeclarationKind::Test {
                match (
                    d.args.0.clone().into_string(),
                    d.args.1.clone().try_cast::<rhai::Map>(),
                ) {
                    (Ok(name), Some(case)) => test_cases.push((name, call, case)),
                    _ => errors.push(error_at(&call, format!("write {what}")).into()),
                }
                continue;
            }
            let Ok(name) = d.args.0.clone().into_string() else {
                errors.push(
                    error_at(
                        &call,
                        format!("the first argument must be a name in quotes: write {what}"),
                    )
                    .into(),
                );
                continue;
            };
            let Some(id) = MetricId::normalise(&name) else {
                errors.push(error_at(&call, format!("\"{name}\" is not a usable name")).into());
                continue;
            };
            match d.kind {
                DeclarationKind::Alias => match d
                    .args
                    .1
                    .clone()
                    .into_string()
                    .ok()
                    .and_then(|m| MetricId::normalise(&m))
                {
                    Some(metric) => {
                        aliases.insert(name, metric);
                    }
                    None => errors.push(
                        error_at(
                            &call,
                            format!(
                                "the second argument must be a metric name in quotes: write {what}"
                            ),
                        )
                        .into(),
                    ),
                },
                DeclarationKind::Test
                | DeclarationKind::Fits
                | DeclarationKind::Focus
                | DeclarationKind::DataTargets
                | DeclarationKind::Currency
                | DeclarationKind::Layout
                | DeclarationKind::Records
                | DeclarationKind::Feature
                | DeclarationKind::MinCoverage => {}
                DeclarationKind::Metric => {
                    let Some(map) = d.args.1.clone().try_cast::<rhai::Map>() else {
                        errors.push(
                            error_at(
                                &call,
                                format!(
                                    "the second argument must be a map #{{ ... }}: write {what}"
                                ),
                            )
                            .into(),
                        );
                        continue;
                    };
                    let order = declared.len();
                    let entry = declared.entry(id.clone()).or_insert_with(|| Declared {
                        first: call.clone(),
                        order,
                        keys: BTreeMap::new(),
                    });
                    for (key, value) in map {
                        let place = places.locate(&call, &key);
                        if METRIC_KEYS.contains(&key.as_str()) {
                            entry.keys.insert(key.to_string(), (value, place));
                        } else {
                            let message = format!(
                                "unknown key \"{key}\" in metric \"{id}\"{}: the keys are {}",
                                suggest(&key, &METRIC_KEYS),
                                METRIC_KEYS.join(", ")
                            );
                            errors.push(error_at(&place, message).into());
                        }
                    }
                }
            }
        }

        let mut catalogue = Catalogue::default();
        let currency_keys = declared
            .iter()
            .filter_map(|(id, d)| {
                let (_, p) = d.keys.get("currency")?;
                Some((id.clone(), format!("{}:{}:{}", p.file, p.line, p.column)))
            })
            .collect();
        for (id, d) in &declared {
            match spec::build_spec(id, d, &places) {
                Ok(spec) => {
                    catalogue.metrics.insert(id.clone(), spec);
                }
                // A metric that is not in the catalogue for a mistake of
                // its own would only be named again by the fits and tests.
                Err(mut es) => {
                    broken = true;
                    errors.extend(es.drain(..).map(RulesError::from))
                }
            }
        }
        if broken {
            label_calls.clear();
            test_cases.clear();
        }
        let labels = match labels::parse(&label_calls, &catalogue, &places) {
            Ok(l) => l,
            Err(es) => {
                errors.extend(es.into_iter().map(RulesError::from));
                LabelRules::default()
            }
        };
        let mut tests = Vec::with_capacity(test_cases.len());
        for (name, call, case) in test_cases {
            match rule_test::parse(name, &call, &case, &catalogue, &places) {
                Ok(t) => tests.push(t),
                Err(es) => errors.extend(es.into_iter().map(RulesError::from)),
            }
        }
        let log = engine::lock(&sandbox.log).clone();
        let files = scripts.into_iter().map(|(f, _)| f).collect();
        let hooks = Arc::new(Hooks::new(sandbox, asts, texts.clone()));
        ErrorList(errors).into_result(RuleSet {
            files,
            catalogue,
            aliases,
            log,
            hooks,
            tests,
            labels,
            data_targets,
            layouts,
            records,
            currency,
            currency_keys,
            min_coverage,
        })
    }
}
