//! Prints the course as a Markdown table: number, title, id and steps
//! (`cargo run --example course_outline`), for the README and closing notes.

fn main() {
    match session_lab::lessons::course() {
        Ok(course) => {
            println!("| # | lesson | id | steps |");
            println!("|---|---|---|---|");
            for (i, l) in course.iter().enumerate() {
                println!("| {} | {} | `{}` | {} |", i + 1, l.title, l.id, l.steps.len());
            }
        }
        Err(e) => eprintln!("{e}"),
    }
}
