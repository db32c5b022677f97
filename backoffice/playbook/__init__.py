"""The launch playbook: task templates, instantiated per country, with owners and due dates."""
