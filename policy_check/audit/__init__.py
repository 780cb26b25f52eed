"""The trust audit: check many policies in parallel and write a school-by-requirement matrix beside them."""
