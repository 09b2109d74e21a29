"""Reading public pages in tests."""


def page(client, url, **headers) -> str:
    """The page's HTML, asserting it answered 200."""
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    return response.content.decode()
