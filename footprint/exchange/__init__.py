"""Exchange with other tools: exports of the filtered data, imports of sites, the workspace as a GeoPackage.

``selection`` gathers the filtered rows as four layers; ``export`` writes them as GeoPackage, GeoParquet,
a Frictionless data package, GeoJSON or CSV; ``kml`` writes KML/KMZ with time spans; ``site_import``
reads an analyst's sites into the workspace; ``workspace_file`` moves a workspace through a GeoPackage.
"""
