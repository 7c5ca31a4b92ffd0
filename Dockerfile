# Odoo 18 with the Clearhouse addons and their domain core.
FROM odoo:18
USER root
COPY pyproject.toml README.md requirements-oca.txt /opt/clearhouse/
COPY clearhouse /opt/clearhouse/clearhouse
# The official image ships Debian's Python; --break-system-packages installs next to it.
# OCA addons (requirements-oca.txt) without their dependencies: they require odoo from PyPI.
RUN pip3 install --no-cache-dir --break-system-packages /opt/clearhouse \
 && pip3 install --no-cache-dir --break-system-packages --no-deps --target /mnt/oca \
      -r /opt/clearhouse/requirements-oca.txt
COPY addons /mnt/clearhouse/addons
COPY config/docker-entrypoint.sh /usr/local/bin/clearhouse-entrypoint.sh
RUN chmod +x /usr/local/bin/clearhouse-entrypoint.sh
USER odoo
ENTRYPOINT ["/usr/local/bin/clearhouse-entrypoint.sh"]
