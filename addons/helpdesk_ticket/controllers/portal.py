"""Customer portal: /my/tickets."""
