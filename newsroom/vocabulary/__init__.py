"""The tag vocabulary articles and people share (django-taggit's ``Tag``), in one place.

- ``rules``: what a tag name is (normalised, folded into a variant key, given an address);
- ``services``: the editorial operations (add and remove in bulk, merge with redirects);
- ``selectors``: reads (usage counts, what a merge would move, where an old address leads);
- ``registry``: the models that carry tags, registered by their apps in ``AppConfig.ready()``,
  so the vocabulary counts and lists them without importing ``articles`` or ``people``;
- ``admin``: the tags box (autocomplete, variants), the bulk tag actions and the Tag admin;
- ``models``: ``TagRedirect``, a merged tag's old address;
- ``apps``: django-taggit's AppConfig under the name editors know it by.

It sits on the floor of ``newsroom``: the apps import it, it imports neither of them.
"""
