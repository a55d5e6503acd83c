"""The REST API: `/api/v1/…` JSON endpoints (`routes`, with the response models of `models`), write endpoints
behind access tokens (`write`, `auth`), and request body and Host header limits (`limits`, `hosts`); each
request's store comes from `warta.serving`. `warta.app.create_app` mounts it next to the web app (`warta.web`)."""
