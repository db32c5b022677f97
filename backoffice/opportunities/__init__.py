"""Where to launch next: candidate countries, their indicators and what launching would take."""
