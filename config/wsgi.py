import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# The objects made while loading the application live as long as the process. Moving them out
# of the collector's reach keeps each full collection short (it scanned all of them, a pause of
# several milliseconds in the middle of a request) and lets forked workers share those pages.
gc.freeze()
