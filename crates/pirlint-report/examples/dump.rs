//! Prints the parsed model of a report as JSON (a debugging aid).
fn main() {
    let path = std::env::args().nth(1).expect("usage: dump FILE");
    let source = std::fs::read_to_string(&path).expect("readable file");
    let parsed = pirlint_report::parse(std::path::Path::new(&path), &source, &Default::default());
    println!("{}", serde_json::to_string_pretty(&parsed.report).unwrap());
    for p in parsed.problems {
        let s = &source[p.span.range()];
        eprintln!("problem: {} at {:?} {:?}", p.message, p.span, s);
    }
}
