//! The PM and PMM the data names for each line ("PM", "Product Manager",
//! "PMM", "Product Marketing Manager" columns). The name stated for the
//! latest period wins; two different names for the same line and period are
//! reported as a warning.

use crate::model::{DataIssue, Location, People, Period};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Pm,
    Pmm,
}

impl Role {
    fn title(&self) -> &'static str {
        match self {
            Role::Pm => "PM",
            Role::Pmm => "PMM",
        }
    }
}

/// One cell naming a line's PM or PMM.
#[derive(Debug, Clone)]
pub struct Mention {
    pub line: String,
    /// The row's period; `None` for a survey response, whose period is
    /// known only after bucketing (such a name ranks below dated ones).
    pub period: Option<Period>,
    pub role: Role,
    pub name: String,
    pub place: String,
}

/// Each line's people, with a warning for every conflicting statement.
pub fn resolve(mentions: Vec<Mention>, issues: &mut Vec<DataIssue>) -> BTreeMap<String, People> {
    // (line, role) -> (period, name, place) of the winning mention so far.
    let mut chosen: BTreeMap<(String, bool), (Option<Period>, String, String)> = BTreeMap::new();
    for m in mentions {
        let key = (m.line.clone(), m.role == Role::Pmm);
        match chosen.get_mut(&key) {
            None => {
                chosen.insert(key, (m.period, m.name, m.place));
            }
            Some(best) => {
                if m.period == best.0 && m.name != best.1 {
                    let when = m.period.map(|p| format!(" in {p}")).unwrap_or_default();
                    issues.push(DataIssue::warning(
                        format!(
                            "{} of {}{when} is named twice: \"{}\" at {} and \"{}\" at {}; keeping \"{}\"",
                            m.role.title(),
                            m.line,
                            best.1,
                            best.2,
                            m.name,
                            m.place,
                            best.1
                        ),
                        Location::default(),
                    ));
                } else if m.period > best.0 {
                    *best = (m.period, m.name, m.place);
                }
            }
        }
    }
    let mut people: BTreeMap<String, People> = BTreeMap::new();
    for ((line, is_pmm), (_, name, _)) in chosen {
        let entry = people.entry(line).or_default();
        if is_pmm {
            entry.pmm = Some(name);
        } else {
            entry.pm = Some(name);
        }
    }
    people
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mention(period: &str, role: Role, name: &str, place: &str) -> Mention {
        Mention {
            line: "Atlas".into(),
            period: Some(period.parse().unwrap()),
            role,
            name: name.into(),
            place: place.into(),
        }
    }

    #[test]
    fn the_latest_name_wins_and_a_same_period_conflict_is_a_warning() {
        let mut issues = Vec::new();
        let people = resolve(
            vec![
                mention("2025-Q2", Role::Pm, "Ana", "k.csv, row 3, column 4"),
                mention("2025-Q1", Role::Pm, "Bo", "k.csv, row 2, column 4"),
                mention("2025-Q2", Role::Pmm, "Cy", "k.csv, row 3, column 5"),
                mention("2025-Q2", Role::Pmm, "Di", "m.csv, row 2, column 3"),
            ],
            &mut issues,
        );
        assert_eq!(
            people["Atlas"],
            People {
                pm: Some("Ana".into()),
                pmm: Some("Cy".into())
            }
        );
        assert_eq!(issues.len(), 1);
        assert_eq!(
            issues[0].to_string(),
            "PMM of Atlas in 2025-Q2 is named twice: \"Cy\" at k.csv, row 3, column 5 and \"Di\" at m.csv, row 2, column 3; keeping \"Cy\""
        );
    }
}
