"""The live session kernel: the event log, the state each audience may see, the rules and the
services that change a running meeting. `voting` builds on it; the edge (`meetings.live`) sits on
top of both and is the only part that talks to sockets."""
