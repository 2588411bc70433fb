"""Residents report problems and follow them: the public form, tracking, rating and Open311.

A resident's report is an event of the events app (source 居民反映 or Open311) plus the private
means to follow it: an unguessable token (kept only as a hash), the anonymity choice, the client
that sent it. What a resident typed is never shown publicly: the status page shows states and
official replies only."""
