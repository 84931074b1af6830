"""coalition-sim: an agent-based model of pre-electoral alliances under first-past-the-post.

Party agents negotiate who stands where over repeated rounds; a population of voter agents
responds to joint campaigns; the election is counted constituency by constituency.
"""

__version__ = "0.1.0"
