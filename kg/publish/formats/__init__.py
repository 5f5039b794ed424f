"""One module per family of export files; :mod:`kg.publish.export` registers their writers."""
