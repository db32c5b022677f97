"""ID-check policies per country, and the providers' coverage as admins edit it."""
