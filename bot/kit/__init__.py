"""What every channel adapter shares: time, loops, Telegram's errors, texts, commands."""
