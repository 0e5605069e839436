"""Team work over git: who annotates which document, how far everyone is, and syncing."""
