//! The [`stage!`] macro: one line per setting writes everything a setting
//! needs, so no setting is spelled out in more than one place.
//!
//! From `name: kind Type = default, "flag";` and its doc comment it writes:
//! - the `Option<Type>` field (`None`: not given, so a lower layer decides);
//! - its command-line flag(s), with the doc comment and the default as help,
//!   under the stage's `--help` heading (a hand-written `clap::Args`, because
//!   a switch is two flags, `--x` and `--no-x`, over one field);
//! - an accessor of the same name giving the value or the default;
//! - [`over`](Self::over) (layering: a given setting wins), `resolved` (every
//!   field filled in) and `flags` (the flags that reproduce the value).
//!
//! Kinds: `value` takes an argument parsed by `Type: FromStr` and printed by
//! `Display`; `switch` is a `bool` with an on flag and an off flag, either of
//! which may be `""` (absent), printed only when it differs from the default.

/// See the module documentation.
macro_rules! stage {
    (
        $(#[doc = $sdoc:literal])*
        pub struct $name:ident, heading $heading:literal {
            $(
                $(#[doc = $doc:literal])*
                $field:ident: $kind:ident $ty:ty = $default:expr, $flag:literal $(/ $off:literal)?;
            )*
        }
    ) => {
        $(#[doc = $sdoc])*
        #[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
        pub struct $name {
            $(
                $(#[doc = $doc])*
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub $field: Option<$ty>,
            )*
        }

        impl $name {
            $(
                $(#[doc = $doc])*
                pub fn $field(&self) -> $ty {
                    self.$field.clone().unwrap_or_else(|| $default)
                }
            )*

            /// This layer over `base`: every setting given here wins.
            pub fn over(&self, base: &Self) -> Self {
                Self {
                    $($field: self.$field.clone().or_else(|| base.$field.clone()),)*
                }
            }

            /// Every setting given, with its default where this layer has none.
            pub fn resolved(&self) -> Self {
                Self {
                    $($field: Some(self.$field()),)*
                }
            }

            /// The flags of the settings given here, in definition order.
            pub(crate) fn flags(&self, out: &mut Vec<String>) {
                $(
                    if let Some(v) = &self.$field {
                        stage!(@flag out, $kind, v, $default, $flag $(, $off)?);
                    }
                )*
            }
        }

        impl clap::Args for $name {
            fn augment_args(cmd: clap::Command) -> clap::Command {
                let cmd = cmd.next_help_heading($heading);
                $(
                    let doc = $crate::settings::stage::help_text(&[$($doc),*]);
                    let cmd = stage!(@arg cmd, $kind, $ty, $field, doc, $default, $flag $(, $off)?);
                )*
                cmd
            }

            fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
                Self::augment_args(cmd)
            }
        }

        impl clap::FromArgMatches for $name {
            fn from_arg_matches(m: &clap::ArgMatches) -> std::result::Result<Self, clap::Error> {
                let mut s = Self::default();
                s.update_from_arg_matches(m)?;
                Ok(s)
            }

            fn update_from_arg_matches(&mut self, m: &clap::ArgMatches) -> std::result::Result<(), clap::Error> {
                $(
                    if let Some(v) = stage!(@get m, $kind, $ty, $field, $flag $(, $off)?) {
                        self.$field = Some(v);
                    }
                )*
                Ok(())
            }
        }
    };

    (@flag $out:ident, value, $v:ident, $default:expr, $flag:literal) => {
        $out.push(format!("--{} {}", $flag, $v));
    };
    (@flag $out:ident, switch, $v:ident, $default:expr, $flag:literal, $off:literal) => {
        let default: bool = $default;
        let name = if *$v { $flag } else { $off };
        if *$v != default && !name.is_empty() {
            $out.push(format!("--{name}"));
        }
    };

    (@arg $cmd:ident, value, $ty:ty, $field:ident, $doc:ident, $default:expr, $flag:literal) => {
        $cmd.arg(
            clap::Arg::new(stringify!($field))
                .long($flag)
                .value_name(<$ty as $crate::settings::stage::Value>::NAME)
                .value_parser($crate::settings::stage::parser::<$ty>())
                .help(format!("{} [default: {}]", $doc, $default)),
        )
    };
    (@arg $cmd:ident, switch, $ty:ty, $field:ident, $doc:ident, $default:expr, $flag:literal, $off:literal) => {{
        let default: bool = $default;
        let mut cmd = $cmd;
        let on_off = if default { "on" } else { "off" };
        if !$flag.is_empty() {
            let mut arg = clap::Arg::new($flag)
                .long($flag)
                .action(clap::ArgAction::SetTrue)
                .help(format!("{} [default: {on_off}]", $doc));
            if !$off.is_empty() {
                arg = arg.conflicts_with($off);
            }
            cmd = cmd.arg(arg);
        }
        if !$off.is_empty() {
            let help = if $flag.is_empty() {
                format!("Turn off: {} [default: {on_off}]", $crate::settings::stage::lower_first(&$doc))
            } else {
                format!("Turn --{} off (e.g. a preset's)", $flag)
            };
            cmd = cmd.arg(
                clap::Arg::new($off)
                    .long($off)
                    .action(clap::ArgAction::SetTrue)
                    .help(help),
            );
        }
        cmd
    }};

    (@get $m:ident, value, $ty:ty, $field:ident, $flag:literal) => {
        $m.get_one::<$ty>(stringify!($field)).cloned()
    };
    (@get $m:ident, switch, $ty:ty, $field:ident, $flag:literal, $off:literal) => {{
        let given = |id: &str| !id.is_empty() && $m.get_flag(id);
        if given($flag) {
            Some(true)
        } else if given($off) {
            Some(false)
        } else {
            None
        }
    }};
}

pub(crate) use stage;

/// A doc comment's lines as one help line.
pub(crate) fn help_text(lines: &[&str]) -> String {
    let joined: Vec<&str> = lines
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .collect();
    joined.join(" ").trim_end_matches('.').to_string()
}

/// "Mark words" -> "mark words".
pub(crate) fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// What `--help` calls a setting's value.
pub(crate) trait Value {
    const NAME: &'static str;
}

impl Value for usize {
    const NAME: &'static str = "N";
}

impl Value for u64 {
    const NAME: &'static str = "N";
}

impl Value for f64 {
    const NAME: &'static str = "X";
}

impl Value for super::NgramRange {
    const NAME: &'static str = "A..B";
}

impl Value for super::OptionalRange {
    const NAME: &'static str = "A..B|none";
}

impl Value for super::NumberList {
    const NAME: &'static str = "X,Y,..";
}

/// A clap parser from a type's `FromStr`, its error as the message.
pub(crate) fn parser<T>() -> impl clap::builder::TypedValueParser<Value = T>
where
    T: std::str::FromStr + Clone + Send + Sync + 'static,
    T::Err: std::fmt::Display,
{
    |s: &str| s.parse::<T>().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_joins_doc_lines() {
        assert_eq!(
            help_text(&[" Word n-gram", " lengths.", ""]),
            "Word n-gram lengths"
        );
        assert_eq!(lower_first("Mark words"), "mark words");
    }
}
