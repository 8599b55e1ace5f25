from config.env import hosts


def test_hosts_are_a_comma_separated_list():
    assert hosts("rat.musterstadt.de, www.musterstadt.de ,,", debug=False) == [
        "rat.musterstadt.de",
        "www.musterstadt.de",
    ]


def test_debug_allows_local_names_by_default():
    assert hosts(None, debug=True) == ["127.0.0.1", "localhost", "[::1]"]


def test_production_allows_no_host_by_default():
    assert hosts(None, debug=False) == []


def test_empty_variable_counts_as_unset():
    assert hosts("", debug=False) == []


def test_given_hosts_replace_the_local_names_in_debug():
    assert hosts("rat.musterstadt.de", debug=True) == ["rat.musterstadt.de"]
