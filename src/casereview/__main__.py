"""``python -m casereview`` runs the same CLI as the ``casereview`` script."""

from casereview.cli import main

if __name__ == "__main__":
    main()
