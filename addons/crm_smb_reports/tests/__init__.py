from . import test_install
from . import test_collection
from . import test_sales
from . import test_xlsx_http
from . import test_data_check
from . import test_digest
from . import test_pdf
from . import test_xlsx_values
