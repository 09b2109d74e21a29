"""The reader's search page: read the query, call the search selector, render one page."""

from django.shortcuts import render

from newsroom.pagination import page_of

from . import search

PAGE_SIZE = 20


def search_page(request):
    """Results for ``?q=``; any query, however odd or long, gets a page, never an error."""
    query = search.clean_query(request.GET.get("q"))
    results = search.search(query=query)
    page = page_of(request, results.articles, per_page=PAGE_SIZE, counted=True)
    hits = [(article, search.excerpt_html(article, query)) for article in page.object_list]
    return render(
        request,
        "articles/search.html",
        {
            "query": query,
            "raw_query_given": "q" in request.GET,
            "page": page,
            "hits": hits,
            # Only the most recent matches are searched: say so when there are more.
            "window_full": page.paginator.count >= search.RESULTS_WINDOW,
            # People and organisations are few: shown once, above the first page of articles.
            "people": results.people if page.number == 1 else [],
            "organisations": results.organisations if page.number == 1 else [],
            "max_length": search.MAX_QUERY_LENGTH,
        },
    )
