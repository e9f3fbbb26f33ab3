//! Styles. With colour off (`NO_COLOR`, dumb terminals) every style is plain
//! text plus attributes, and the board's glyphs carry the meaning.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub colour: bool,
}

impl Theme {
    pub fn new(colour: bool) -> Theme {
        Theme { colour }
    }

    fn fg(self, c: Color) -> Style {
        if self.colour {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    pub fn overdue(self) -> Style {
        self.fg(Color::Red)
    }
    pub fn due_soon(self) -> Style {
        self.fg(Color::Yellow)
    }
    pub fn done(self) -> Style {
        if self.colour {
            Style::new().fg(Color::Green).add_modifier(Modifier::DIM)
        } else {
            Style::new()
        }
    }
    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }
    pub fn matched(self) -> Style {
        Style::new().add_modifier(Modifier::UNDERLINED)
    }
    pub fn lane_title(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
    pub fn header(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }
    pub fn dim(self) -> Style {
        if self.colour {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new()
        }
    }
    pub fn warning(self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }
    pub fn error(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }
}
