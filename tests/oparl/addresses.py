"""Where the test server's API lives."""

SITE_URL = "http://testserver"
API = f"{SITE_URL}/oparl/v1/"
SYSTEM = f"{API}system"
