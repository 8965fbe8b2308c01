-- The retention sweep deletes closed sessions by their end (open ones have none and are never swept).
CREATE INDEX player_sessions_by_end ON player_sessions (ended_at);
