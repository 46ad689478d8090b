//! Filters for templates: Chinese numerals and ordinals, dates, amounts, percentages, growth phrases, list joining, Markdown-safe text.

use super::escape::{escape_markdown_keep_strong, escape_table_cell, yaml_scalar};
use super::numerals::{chinese_number, ordinal};
use crate::data::date::Date;
use crate::data::derive::{self, percent_text};
use crate::data::fields::{MAX_DECIMALS, format_number, printable_number};
use tera::{Error, Kwargs, State, Tera, TeraResult, Value};

/// Register every gongwen filter on `tera`.
pub fn register(tera: &mut Tera) {
    tera.register_filter("cn_num", cn_num);
    tera.register_filter("ordinal", ordinal_filter);
    tera.register_filter("cn_date", cn_date);
    tera.register_filter("amount", amount);
    tera.register_filter("percent", percent);
    tera.register_filter("num", num);
    tera.register_filter("growth", growth);
    tera.register_filter("join_cn", join_cn);
    tera.register_filter("points", points);
    tera.register_filter("end_with", end_with);
    tera.register_filter("strip_end", strip_end);
    tera.register_filter("md", md);
    tera.register_filter("cell", cell);
    tera.register_filter("yaml", yaml);
}

fn number_of(value: &Value, filter: &str) -> TeraResult<f64> {
    let n = value
        .as_f64()
        .or_else(|| value.as_str().and_then(|s| s.trim().parse().ok()))
        .ok_or_else(|| {
            Error::message(format!("filter `{filter}` needs a number, got `{value}`"))
        })?;
    // A number the data would not take prints no better here (inf, 1e300).
    printable_number(derive::round_to(n, MAX_DECIMALS as u32))
        .map(|_| n)
        .map_err(|(message, _)| Error::message(format!("filter `{filter}`: {message}")))
}

/// The `digits` argument of `filter`: 0 to [`MAX_DECIMALS`], `default` when not given.
fn digits_of(kwargs: &Kwargs, filter: &str, default: u32) -> TeraResult<u32> {
    match kwargs.get::<i64>("digits")? {
        None => Ok(default),
        Some(d) if (0..=MAX_DECIMALS as i64).contains(&d) => Ok(d as u32),
        Some(d) => Err(Error::message(format!(
            "filter `{filter}`: digits={d}, but a figure prints with 0 to {MAX_DECIMALS} decimals"
        ))),
    }
}

fn kwarg_string(kwargs: &Kwargs, key: &str) -> TeraResult<Option<String>> {
    kwargs.get::<String>(key)
}

/// `{{ 11 | cn_num }}` → 十一.
fn cn_num(value: &Value, _: Kwargs, _: &State) -> TeraResult<String> {
    let n = number_of(value, "cn_num")?;
    if n < 0.0 || n.fract() != 0.0 {
        return Err(Error::message(format!(
            "filter `cn_num` needs a whole number ≥ 0, got {n}"
        )));
    }
    Ok(chinese_number(n as u64))
}

/// `{{ loop.index | ordinal(style="（一）") }}` → （三）. Styles: 一、 (default), （一）, 一是, 1., （1）, 第一.
fn ordinal_filter(value: &Value, kwargs: Kwargs, _: &State) -> TeraResult<Value> {
    let n = number_of(value, "ordinal")?;
    if n < 1.0 || n.fract() != 0.0 {
        return Err(Error::message(format!(
            "filter `ordinal` needs a whole number ≥ 1, got {n}"
        )));
    }
    let style = kwarg_string(&kwargs, "style")?.unwrap_or_else(|| "一、".to_string());
    // Safe: made from a number and the template's own style, so `1.` needs no escaping.
    Ok(Value::safe_string(&ordinal(n as u64, &style)))
}

/// `{{ "2022-07-12" | cn_date }}` → 2022年7月12日.
fn cn_date(value: &Value, _: Kwargs, _: &State) -> TeraResult<String> {
    let text = format!("{value}");
    Date::parse(&text)
        .map(|d| d.chinese())
        .map_err(|e| Error::message(format!("filter `cn_date`: `{text}` is not a date ({e})")))
}

/// `{{ 23600 | amount(from="万元") }}` → 2.36亿元. Picks 元, 万元 or 亿元; `to` forces one; `digits` (default 2).
fn amount(value: &Value, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    let n = number_of(value, "amount")?;
    let factor = |unit: &str| -> TeraResult<f64> {
        match unit {
            "元" => Ok(1.0),
            "千元" => Ok(1e3),
            "万元" => Ok(1e4),
            "百万元" => Ok(1e6),
            "亿元" => Ok(1e8),
            other => Err(Error::message(format!(
                "filter `amount`: unknown unit `{other}` (use 元, 万元 or 亿元)"
            ))),
        }
    };
    let from = kwarg_string(&kwargs, "from")?.unwrap_or_else(|| "元".into());
    let yuan = n * factor(&from)?;
    let to = match kwarg_string(&kwargs, "to")? {
        Some(to) => to,
        None if yuan.abs() >= 1e8 => "亿元".into(),
        None if yuan.abs() >= 1e4 => "万元".into(),
        None => "元".into(),
    };
    let digits = digits_of(&kwargs, "amount", 2)?;
    Ok(format!(
        "{}{to}",
        format_number(derive::round_to(yuan / factor(&to)?, digits))
    ))
}

/// `{{ 94.14 | percent }}` → 94.1%; `ratio=true` multiplies by 100 first; `digits` (default 1).
fn percent(value: &Value, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    let mut n = number_of(value, "percent")?;
    if kwargs.get::<bool>("ratio")?.unwrap_or(false) {
        n *= 100.0;
    }
    let digits = digits_of(&kwargs, "percent", 1)?;
    Ok(format!(
        "{:.*}%",
        digits as usize,
        derive::round_to(n, digits)
    ))
}

/// `{{ 2.50 | num }}` → 2.5; `digits` rounds first.
fn num(value: &Value, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    let n = number_of(value, "num")?;
    Ok(match kwargs.get::<i64>("digits")? {
        Some(_) => format_number(derive::round_to(n, digits_of(&kwargs, "num", 0)?)),
        None => format_number(n),
    })
}

/// On an indicator: its growth phrase (`base` replaces 同比/比上年). On a number: 增长x% / 下降x% / 持平.
fn growth(value: &Value, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    let base = kwarg_string(&kwargs, "base")?;
    if let Some(map) = value.as_map() {
        let get = |k: &str| map.get(&tera::value::Key::Str(k)).and_then(Value::as_f64);
        let unit = map
            .get(&tera::value::Key::Str("unit"))
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        return match (get("value"), get("previous")) {
            (Some(v), Some(p)) => {
                Ok(derive::growth(v, p, &unit, base.as_deref().unwrap_or("同比")).phrase)
            }
            _ => Ok(String::new()),
        };
    }
    let pct = number_of(value, "growth")?;
    let base = base.unwrap_or_default();
    let pct = derive::round_to(pct, 1);
    Ok(if pct > 0.0 {
        format!("{base}增长{}%", percent_text(pct))
    } else if pct < 0.0 {
        format!("{base}下降{}%", percent_text(-pct))
    } else {
        format!("{base}持平")
    })
}

fn strings_of(value: &Value) -> Vec<String> {
    match value.as_array() {
        Some(items) => items
            .iter()
            .map(|v| format!("{v}"))
            .filter(|s| !s.trim().is_empty())
            .collect(),
        None if value.is_none() || value.is_undefined() => Vec::new(),
        None => vec![format!("{value}")],
    }
}

/// `{{ ["市教委", "市财政局"] | join_cn }}` → 市教委、市财政局; `sep="；"`; `last="和"` joins the last two with a word.
fn join_cn(value: &Value, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    let items = strings_of(value);
    let sep = kwarg_string(&kwargs, "sep")?.unwrap_or_else(|| "、".into());
    Ok(match (kwarg_string(&kwargs, "last")?, items.len()) {
        (Some(last), n) if n >= 2 => format!("{}{last}{}", items[..n - 1].join(&sep), items[n - 1]),
        _ => items.join(&sep),
    })
}

const END_MARKS: &[char] = &[
    '。', '；', ';', '，', ',', '、', '：', ':', '.', '！', '!', '？', '?', ' ', '\u{3000}',
];

fn strip_end_marks(text: &str) -> &str {
    text.trim_end_matches(END_MARKS)
}

/// `{{ points | points }}` → 一是……；二是……；三是……。 Items that are whole sentences (they hold a
/// 。 of their own) are joined with 。 instead. `style` is the ordinal pattern (default 一是; "" for none).
fn points(value: &Value, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    let items = strings_of(value);
    let style = kwarg_string(&kwargs, "style")?.unwrap_or_else(|| "一是".into());
    let sentences = items
        .iter()
        .any(|p| strip_end_marks(p).contains(['。', '！', '？']));
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        if !style.is_empty() {
            out.push_str(&ordinal(i as u64 + 1, &style));
        }
        out.push_str(strip_end_marks(item.trim()));
        out.push(if sentences || i + 1 == items.len() {
            '。'
        } else {
            '；'
        });
    }
    Ok(out)
}

/// `{{ text | end_with(mark="；") }}`: replace any closing punctuation with `mark` (default 。).
fn end_with(value: &Value, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    let mark = kwarg_string(&kwargs, "mark")?.unwrap_or_else(|| "。".into());
    let text = format!("{value}");
    let body = strip_end_marks(text.trim());
    Ok(if body.is_empty() {
        String::new()
    } else {
        format!("{body}{mark}")
    })
}

/// `{{ title | strip_end }}`: drop closing punctuation (。；，：).
fn strip_end(value: &Value, _: Kwargs, _: &State) -> TeraResult<String> {
    Ok(strip_end_marks(format!("{value}").trim()).to_string())
}

/// `{{ text | md }}`: data text as Markdown, keeping its paragraphs and `**bold**`, escaping the rest.
fn md(value: &Value, _: Kwargs, _: &State) -> TeraResult<Value> {
    if value.is_safe() {
        return Ok(value.clone());
    }
    Ok(Value::safe_string(
        escape_markdown_keep_strong(format!("{value}").trim()).trim(),
    ))
}

/// `{{ text | cell }}`: one table cell: line breaks flattened, `|` and markup escaped.
fn cell(value: &Value, _: Kwargs, _: &State) -> TeraResult<Value> {
    if value.is_none() || value.is_undefined() {
        return Ok(Value::safe_string(""));
    }
    Ok(Value::safe_string(&escape_table_cell(&format!("{value}"))))
}

/// `{{ meta.title | yaml }}`: a value for the front matter, quoted when YAML needs it.
fn yaml(value: &Value, _: Kwargs, _: &State) -> TeraResult<Value> {
    if let Some(items) = value.as_array() {
        let parts: Vec<String> = items.iter().map(|v| yaml_scalar(&format!("{v}"))).collect();
        return Ok(Value::safe_string(&format!("[{}]", parts.join(", "))));
    }
    Ok(Value::safe_string(&yaml_scalar(&format!("{value}"))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tera::Context;

    fn render(template: &str, ctx: serde_json::Value) -> String {
        let mut tera = Tera::default();
        register(&mut tera);
        tera.set_escape_fn(super::super::engine::escape_fn);
        tera.autoescape_on(vec![".md"]);
        tera.add_raw_template("t.md", template).unwrap();
        tera.render("t.md", &Context::from_serialize(&ctx).unwrap())
            .unwrap()
    }

    #[test]
    fn numerals_and_ordinals() {
        let out = render(
            "{{ 11 | cn_num }} {{ 3 | ordinal(style=\"（一）\") }} {{ 2 | ordinal }} {{ 4 | ordinal(style=\"一是\") }} {{ 2 | ordinal(style=\"（1）\") }}",
            serde_json::json!({}),
        );
        assert_eq!(out, "十一 （三） 二、 四是 （2）");
    }

    #[test]
    fn dates_amounts_percent() {
        let out = render(
            "{{ d | cn_date }} {{ 23600 | amount(from=\"万元\") }} {{ 12345 | amount }} {{ 500 | amount }} {{ 94.14 | percent }} {{ 0.5 | percent(ratio=true) }} {{ 2.50 | num }}",
            serde_json::json!({"d": "2022-07-12"}),
        );
        assert_eq!(out, "2022年7月12日 2.36亿元 1.23万元 500元 94.1% 50.0% 2.5");
    }

    #[test]
    fn growth_phrases() {
        let out = render(
            "{{ i | growth }}|{{ i | growth(base=\"比上年\") }}|{{ -3.25 | growth }}|{{ 0 | growth }}",
            serde_json::json!({"i": {"value": 1293, "previous": 666, "unit": "家"}}),
        );
        assert_eq!(out, "同比增长94.1%|比上年增长94.1%|下降3.3%|持平");
    }

    #[test]
    fn joining_lists() {
        let out = render(
            "{{ l | join_cn }}|{{ l | join_cn(sep=\"；\") }}|{{ l | join_cn(last=\"和\") }}",
            serde_json::json!({"l": ["市教委", "市财政局", "市科技局"]}),
        );
        assert_eq!(
            out,
            "市教委、市财政局、市科技局|市教委；市财政局；市科技局|市教委、市财政局和市科技局"
        );
    }

    #[test]
    fn points_join_phrases_and_sentences() {
        let out = render(
            "{{ short | points }}",
            serde_json::json!({"short": ["投入不足。", "人才短缺"]}),
        );
        assert_eq!(out, "一是投入不足；二是人才短缺。");
        let out = render(
            "{{ long | points }}",
            serde_json::json!({"long": ["出台政策。2月印发办法", "修订措施。"]}),
        );
        assert_eq!(out, "一是出台政策。2月印发办法。二是修订措施。");
    }

    #[test]
    fn data_is_escaped_unless_marked() {
        let out = render(
            "{{ a }}|{{ a | md }}|{{ b | md }}|{{ a | safe }}",
            serde_json::json!({"a": "5*3=15", "b": "**重点**<b>"}),
        );
        assert_eq!(out, "5\\*3=15|5\\*3=15|**重点**\\<b\\>|5*3=15");
        let out = render("{{ h }}", serde_json::json!({"h": "# 标题\n1. 列表"}));
        assert_eq!(out, "\\# 标题\n1\\. 列表");
    }

    #[test]
    fn cells_and_yaml() {
        let out = render(
            "{{ c | cell }}|{{ t | yaml }}|{{ n | yaml }}|{{ l | yaml }}",
            serde_json::json!({"c": "a|b\nc", "t": "a: b", "n": "0982", "l": ["甲", "乙"]}),
        );
        assert_eq!(out, "a\\|b c|\"a: b\"|\"0982\"|[甲, 乙]");
    }

    #[test]
    fn end_marks() {
        let out = render(
            "{{ a | end_with }}|{{ a | end_with(mark=\"；\") }}|{{ a | strip_end }}",
            serde_json::json!({"a": "人才短缺。"}),
        );
        assert_eq!(out, "人才短缺。|人才短缺；|人才短缺");
    }
}
