package web

import (
	"fmt"
	"html/template"
	"io/fs"

	"github.com/gin-gonic/gin"
)

// Module is one capability's part of the web layer (the library, accounts;
// events, experts and the roadmap to come), in a package of its own: it adds
// its routes and pages when the Server builds its handler. cmd/hub hands the
// modules to the Server (Server.Modules); the core knows none of them, so a
// new capability plugs in without a change here.
type Module interface {
	// Register adds the module's routes and pages to r. An error stops the
	// handler from being built.
	Register(r *Router) error
}

// Router is what a module registers with: the route groups, each with its
// middlewares, and the page templates.
type Router struct {
	// Root is the site at its root, for the few addresses that others fix
	// (a sign-in provider's callback). Errors are JSON unless the handler
	// says otherwise (AsPage).
	Root *gin.RouterGroup
	// Pages is under /{lang}/: the prefix is checked (an unsupported one is a
	// 404) and remembered; Lang gives it, errors are pages.
	Pages *gin.RouterGroup
	// API is under /api/v1: Lang gives the language of messages (?lang=,
	// then the cookie, then Accept-Language); errors are JSON.
	API *gin.RouterGroup

	s *Server
}

// Server is the server the module serves for: its helpers (Render,
// WriteError, …) and settings.
func (r *Router) Server() *Server { return r.s }

// ParsePages adds a module's page templates: each name is the file
// templates/<name>.html of fsys, parsed with the common layout, the core's
// template functions and the module's own funcs (which may be nil). Render
// then shows the page by its name, which must be new.
func (r *Router) ParsePages(fsys fs.FS, funcs template.FuncMap, names ...string) error {
	for _, name := range names {
		if _, dup := r.s.pages.byName[name]; dup {
			return fmt.Errorf("web: page %q is registered twice", name)
		}
		t, err := parsePage(fsys, funcs, name)
		if err != nil {
			return err
		}
		r.s.pages.byName[name] = t
	}
	return nil
}
